namespace SacOperator.Model;

public sealed record HostStatus : ResourceStatus
{
    /// <summary>apptainer version found on the host (absent when apptainer is not on its PATH).</summary>
    public string? ApptainerVersion { get; init; }

    /// <summary>Memory available (MemAvailable) at the last probe.</summary>
    public long? FreeMemoryBytes { get; init; }

    /// <summary>Total memory of the host.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>CPUs found on the host.</summary>
    public int? Cpus { get; init; }

    /// <summary>GPUs found on the host (nvidia-smi -L, rocm-smi).</summary>
    public int? Gpus { get; init; }

    /// <summary>One-minute load average at the last probe, as printed by the host.</summary>
    public string? Load { get; init; }

    /// <summary>Agents running on the host: distinct agents whose processes carry a launch marker there.</summary>
    public int RunningAgents { get; init; }

    /// <summary>Agents placed on the host (spec.host or status.host names it), by name.</summary>
    public IReadOnlyList<string> PlacedAgents { get; init; } = [];

    /// <summary>What placement may use: spec.capacity where set, else the probed CPUs, memory and GPUs.</summary>
    public HostCapacity? Allocatable { get; init; }

    /// <summary>When the host was last probed.</summary>
    public DateTimeOffset? LastProbeTime { get; init; }

    /// <summary>Why the last probe failed; absent after a successful one.</summary>
    public string? LastProbeError { get; init; }

    /// <summary>Probes that failed in a row; the host turns NotReady after a few.</summary>
    public int MissedProbes { get; init; }
}
