namespace SacOperator.Images;

/// <summary>What the rollout planner needs to know about one agent that runs the image, read from its status and record.</summary>
public sealed record RolloutAgent
{
    public required string Name { get; init; }

    /// <summary>The version its live process was started from (matched by digest); null when not running or not known.</summary>
    public string? RunningVersion { get; init; }

    /// <summary>Suspended or stopped in its spec: there is no run to prove healthy.</summary>
    public bool Idle { get; init; }

    /// <summary>A Claude Code agent (no <c>command</c>): healthy only after a turn on the new version succeeded.</summary>
    public bool ClaudeCode { get; init; }

    public string? Phase { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    /// <summary>The Ready condition is True.</summary>
    public bool Ready { get; init; }

    /// <summary>When Ready last changed.</summary>
    public DateTimeOffset? ReadySince { get; init; }

    /// <summary>When the current process started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    public int Restarts { get; init; }

    /// <summary>When the session's last turn finished.</summary>
    public DateTimeOffset? LastTurnAt { get; init; }

    /// <summary>When the session last reported an API failure.</summary>
    public DateTimeOffset? LastTurnErrorAt { get; init; }
}
