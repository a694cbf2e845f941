namespace SacOperator.Sessions;

/// <summary>
/// What an agent's session stream has said so far: a pure fold over its events
/// (<see cref="SessionFold"/>). Serialisable as is, so a follower can persist it with its offset.
/// </summary>
public sealed record SessionState
{
    public static readonly SessionState Empty = new();

    public string? SessionId { get; init; }

    /// <summary>How often the session id changed after the first (a <c>/clear</c> or a new session).</summary>
    public int SessionChanges { get; init; }

    public string? Model { get; init; }

    /// <summary>Turns finished (results seen).</summary>
    public long Turns { get; init; }

    /// <summary>When the turn now running started; null when none is.</summary>
    public DateTimeOffset? TurnInFlightSince { get; init; }

    /// <summary>The last result's text, cut to <see cref="SessionFold.ResultTextLimit"/> characters.</summary>
    public string? LastResultText { get; init; }

    public DateTimeOffset? LastResultAt { get; init; }

    /// <summary>Tokens of all finished turns, summed from each result's usage.</summary>
    public TokenUsage Tokens { get; init; } = TokenUsage.Zero;

    /// <summary>Cost of all sessions seen; each session's own total is cumulative, so restarts add up.</summary>
    public decimal CostUsd { get; init; }

    /// <summary>The current session's last reported cumulative cost (part of <see cref="CostUsd"/>).</summary>
    public decimal SessionCostUsd { get; init; }

    public SessionError? LastError { get; init; }

    public DateTimeOffset? RateLimitResetsAt { get; init; }
    public double? RateLimitUtilization { get; init; }

    /// <summary>Consecutive api_retry events since the API last answered; 0 when not retrying.</summary>
    public int RetryAttempts { get; init; }

    public int? RetryLastStatus { get; init; }

    public long Events { get; init; }

    /// <summary>When the last event was read: every event is a heartbeat of the turn in flight.</summary>
    public DateTimeOffset? LastEventAt { get; init; }

    /// <summary>When the last <c>system/init</c> was read (Claude Code emits one at the start of every turn).</summary>
    public DateTimeOffset? InitAt { get; init; }

    /// <summary>
    /// API failures by Claude Code's error kind (authentication_failed, rate_limit, overloaded, api_error…):
    /// each <c>api_retry</c> and each failed result counts once.
    /// </summary>
    public IReadOnlyDictionary<string, long> ApiErrors { get; init; } = new SortedDictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Lines that were not a JSON object with a type.</summary>
    public long Malformed { get; init; }
}
