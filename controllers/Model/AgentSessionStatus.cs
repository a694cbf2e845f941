namespace SacOperator.Model;

/// <summary>
/// A Claude Code agent's session as its stream reported it: identity, progress, usage and the
/// last failure. Never a secret: no prompt or result text, no credential.
/// </summary>
public sealed record AgentSessionStatus
{
    /// <summary>Claude Code's session id (it changes when the agent runs <c>/clear</c>).</summary>
    public string? Id { get; init; }

    /// <summary>The model the session's last turn ran on.</summary>
    public string? Model { get; init; }

    /// <summary>Turns finished (results seen) over every run of the agent.</summary>
    public long Turns { get; init; }

    /// <summary>When the turn now running started; absent between turns.</summary>
    public DateTimeOffset? TurnInFlightSince { get; init; }

    /// <summary>When the last turn finished.</summary>
    public DateTimeOffset? LastResultAt { get; init; }

    public SessionTokens Tokens { get; init; } = new();

    /// <summary>Cost in US dollars that Claude Code reported for the agent's sessions.</summary>
    public double CostUsd { get; init; }

    /// <summary>The last API failure: Claude Code's error kind, with the HTTP status when known.</summary>
    public string? LastError { get; init; }

    /// <summary>When the last API failure was read.</summary>
    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>When the rate limit resets, when the stream said.</summary>
    public DateTimeOffset? RateLimitResetsAt { get; init; }
}
