namespace SacOperator.Model;

/// <summary>Limits for placement; null means unlimited.</summary>
public sealed record HostCapacity
{
    public int? Agents { get; init; }

    public int? Cpus { get; init; }

    /// <summary>Bytes; manifests may write quantities such as 64Gi.</summary>
    public long? Memory { get; init; }

    public int? Gpus { get; init; }
}
