using SacOperator.Model;

namespace SacOperator.Kubernetes;

public sealed record KubernetesStoreOptions
{
    /// <summary>Watch one namespace; null watches all namespaces.</summary>
    public string? Namespace { get; init; }

    public IReadOnlyList<string> Kinds { get; init; } = ResourceKinds.All;

    /// <summary>Only the Agents of this host (per-host operators); null keeps every object.</summary>
    public HostAssignment? Assignment { get; init; }

    public TimeSpan SilenceTimeout { get; init; } = TimeSpan.FromMinutes(3);

    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Source of jitter in [0, 1) for watch timeouts and backoff; injected so tests can pin it.</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;
}
