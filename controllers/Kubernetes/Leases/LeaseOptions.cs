namespace SacOperator.Kubernetes.Leases;

/// <summary>
/// Timing of one Lease. The defaults are controller-runtime's for leader election: a leader that
/// cannot renew for <see cref="RenewDeadline"/> (10 s) steps down before anyone may take over
/// after <see cref="LeaseDuration"/> (15 s); candidates retry every <see cref="RetryPeriod"/> (2 s).
/// </summary>
public sealed record LeaseOptions
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    /// <summary>Unique per process, so a restarted operator is a new candidate, never mistaken for the old holder.</summary>
    public required string Identity { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The per-host heartbeat Lease: kubelet node-lease timing (40 s, renewed every 10 s).</summary>
    public static LeaseOptions Heartbeat(string @namespace, string host, string identity) => new()
    {
        Namespace = @namespace,
        Name = HeartbeatName(host),
        Identity = identity,
        LeaseDuration = TimeSpan.FromSeconds(40),
        RenewDeadline = TimeSpan.FromSeconds(30),
        RetryPeriod = TimeSpan.FromSeconds(10),
    };

    public static string HeartbeatName(string host) => "sacop-host-" + host.ToLowerInvariant();

    public const string LeaderName = "sacop-leader";
}
