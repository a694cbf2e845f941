namespace SacOperator.Model;

/// <summary>Limits for placement; null means unlimited.</summary>
public sealed record HostCapacity
{
    public int? Agents { get; init; }

    public int? Cpus { get; init; }

    public long? MemoryBytes { get; init; }

    public int? Gpus { get; init; }
}
