using SacOperator.Logs;
using SacOperator.Operator.A2a;
using SacOperator.Operator.Http;

namespace SacOperator.Operator.Hosting;

/// <summary>Settings of <c>sacop run</c>.</summary>
public sealed record OperatorOptions
{
    public required string Home { get; init; }

    public required IReadOnlyList<string> AgentsDirs { get; init; }

    public required string HostName { get; init; }

    public int Workers { get; init; } = 4;

    public TimeSpan RescanPeriod { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(5);

    public bool DisableWatcher { get; init; }

    public string Apptainer { get; init; } = "apptainer";

    public string LogFormat { get; init; } = "text";

    public string LogLevel { get; init; } = "Information";

    /// <summary>The environment agents and the apptainer CLI start from; null means the operator's own.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Where health, metrics and the API are served; <see cref="ListenAddress.None"/> serves nothing.</summary>
    public ListenAddress Listen { get; init; } = ListenAddress.Default;

    /// <summary>Must be set to listen on a non-loopback address (the server is plain HTTP).</summary>
    public bool AllowRemote { get; init; }

    /// <summary>Require the API token for <c>/metrics</c> too.</summary>
    public bool MetricsAuth { get; init; }

    /// <summary>Also push metrics by OTLP to this collector endpoint.</summary>
    public Uri? OtlpEndpoint { get; init; }

    public TimeSpan OtlpExportInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Size limit and generations of agents' session.jsonl and stderr.log.</summary>
    public LogRotationOptions LogRotation { get; init; } = new();

    /// <summary>Ports for agents whose <c>a2a.port</c> is <c>auto</c>.</summary>
    public A2aPortRange A2aPorts { get; init; } = A2aPortRange.Default;

    /// <summary>How long <c>POST /v1/turn</c> waits for the turn's result (sac: <c>SAC_A2A_TURN_TIMEOUT_S</c>, 120 s).</summary>
    public TimeSpan A2aTurnTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Kubernetes mode (desired state and status in the API); null for directory mode.</summary>
    public KubernetesRunOptions? Kubernetes { get; init; }

    public string StatePath => Path.Combine(Home, "state.db");

    public string TokenPath => Path.Combine(Home, "token");

    public string ServerUrlPath => Path.Combine(Home, "server.url");
}
