namespace SacOperator.Scheduling;

/// <summary>What one agent takes on a host besides its agent slot.</summary>
public sealed record PlacementRequest(int Cpus = 0, long Memory = 0, int Gpus = 0);
