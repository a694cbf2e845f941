namespace SacOperator.Model;

public sealed record HostStatus : ResourceStatus
{
    public string? ApptainerVersion { get; init; }

    public long? FreeMemoryBytes { get; init; }

    public int? Cpus { get; init; }

    public int? Gpus { get; init; }

    public int RunningAgents { get; init; }

    public DateTimeOffset? LastProbeTime { get; init; }
}
