namespace SacOperator.Agents;

public sealed record AgentControllerOptions
{
    /// <summary>Operator home (<c>--home</c>); runtime directories live under <c>&lt;home&gt;/runtime</c>.</summary>
    public required string OperatorHome { get; init; }

    /// <summary>This host's name: agents whose <c>spec.host</c> names another host are not run here.</summary>
    public required string HostName { get; init; }

    /// <summary>Other names that mean this host (short and full hostname…).</summary>
    public IReadOnlyList<string> HostAliases { get; init; } = [];

    /// <summary>
    /// Source of jitter in [0, 1) spreading periodic re-checks by ±10%, so agents started
    /// together do not all wake together. Injected so tests can pin it.
    /// </summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    public bool IsThisHost(string? host) =>
        string.IsNullOrEmpty(host) || host is "local" or "localhost"
        || string.Equals(host, HostName, StringComparison.OrdinalIgnoreCase)
        || HostAliases.Contains(host, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Kubernetes mode: keys carry namespaces, runtime directories are
    /// <c>runtime/&lt;namespace&gt;/&lt;name&gt;/</c> and instances <c>sac-&lt;namespace&gt;-&lt;name&gt;</c>.
    /// </summary>
    public bool Namespaced { get; init; }
}
