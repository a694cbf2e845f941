namespace SacOperator.Model;

/// <summary>Limits for placement; null means unlimited.</summary>
public sealed record HostCapacity
{
    /// <summary>Most agents placed on the host.</summary>
    public int? Agents { get; init; }

    /// <summary>CPUs available to agents.</summary>
    public int? Cpus { get; init; }

    /// <summary>Bytes; manifests may write quantities such as 64Gi.</summary>
    public long? Memory { get; init; }

    /// <summary>GPUs available to agents.</summary>
    public int? Gpus { get; init; }
}
