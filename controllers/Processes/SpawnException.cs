namespace SacOperator.Processes;

/// <summary>The process could not be started at all (program missing, not executable…).</summary>
public sealed class SpawnException(string message) : Exception(message);
