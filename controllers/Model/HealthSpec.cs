namespace SacOperator.Model;

public sealed record HealthSpec
{
    /// <summary>When false only process exit is watched; heartbeats and probes are ignored.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>process</c> (alias <c>sdk-alive</c>), <c>heartbeat</c>, <c>http</c> or <c>exec</c>.</summary>
    public string Method { get; init; } = HealthMethods.Process;

    /// <summary>Time between probes; also the heartbeat period the agent is expected to keep.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time a probe may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Consecutive failed probes (or missed heartbeat intervals) before the agent counts as wedged.</summary>
    public int FailureThreshold { get; init; } = 3;

    /// <summary>Grace after start before probes count; defaults to interval × failureThreshold.</summary>
    public TimeSpan? InitialDelay { get; init; }

    /// <summary>
    /// A Claude Code turn in flight with no stream event for this long is stalled (every event is a
    /// heartbeat; an agent idle between turns is never stalled). Default 10 minutes.
    /// </summary>
    public TimeSpan? StallTimeout { get; init; }

    /// <summary>A Claude Code run given startup prompts that emits no <c>system/init</c> within this long of its start is stalled. Default 2 minutes.</summary>
    public TimeSpan? StartTimeout { get; init; }

    public HttpProbeSpec? Http { get; init; }

    public ExecProbeSpec? Exec { get; init; }

    public TimeSpan EffectiveInitialDelay => InitialDelay ?? Interval * FailureThreshold;

    /// <summary>Maximum heartbeat age that still counts as fresh.</summary>
    public TimeSpan HeartbeatTolerance => Interval * FailureThreshold;
}
