namespace SacOperator.Kubernetes.Placement;

public sealed record PlacementOptions
{
    /// <summary>Where the per-host heartbeat Leases (<c>sacop-host-*</c>) live.</summary>
    public required string LeaseNamespace { get; init; }

    /// <summary>How long a listing of the host Leases is reused.</summary>
    public TimeSpan HostListTtl { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>When no host can take an Agent, look again after this long.</summary>
    public TimeSpan Retry { get; init; } = TimeSpan.FromSeconds(10);
}
