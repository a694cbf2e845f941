namespace SacOperator.Model;

public sealed record HostStatus : ResourceStatus
{
    /// <summary>apptainer version found on the host.</summary>
    public string? ApptainerVersion { get; init; }

    /// <summary>Free memory at the last probe.</summary>
    public long? FreeMemoryBytes { get; init; }

    /// <summary>CPUs found on the host.</summary>
    public int? Cpus { get; init; }

    /// <summary>GPUs found on the host.</summary>
    public int? Gpus { get; init; }

    /// <summary>Agents running on the host.</summary>
    public int RunningAgents { get; init; }

    /// <summary>When the host was last probed.</summary>
    public DateTimeOffset? LastProbeTime { get; init; }
}
