namespace SacOperator.Sessions;

/// <summary>
/// The fields of one Claude Code stream-json line that the session state needs; everything else on
/// the line is ignored. <see cref="Type"/> and <see cref="Subtype"/> are kept verbatim, so a type this
/// version does not know is carried (and then ignored by the fold) rather than rejected.
/// </summary>
public sealed record StreamEvent
{
    public required string Type { get; init; }
    public string? Subtype { get; init; }
    public string? SessionId { get; init; }
    public string? Model { get; init; }

    /// <summary><c>assistant.error</c> or <c>api_retry.error</c> (e.g. authentication_failed, rate_limit).</summary>
    public string? Error { get; init; }

    public bool IsError { get; init; }

    /// <summary><c>result.api_error_status</c> or <c>api_retry.error_status</c>.</summary>
    public int? ErrorStatus { get; init; }

    public string? ResultText { get; init; }
    public decimal? TotalCostUsd { get; init; }
    public TokenUsage? Usage { get; init; }
    public int? Attempt { get; init; }
    public int? MaxRetries { get; init; }
    public long? RetryDelayMs { get; init; }

    /// <summary>A <c>user</c> line that carries a person's prompt (not a tool result fed back).</summary>
    public bool IsPrompt { get; init; }

    /// <summary><c>rate_limit_event</c>: when the limit resets, if it says.</summary>
    public DateTimeOffset? RateLimitResetsAt { get; init; }

    /// <summary><c>rate_limit_event</c>: the share of the limit used, if it says (0..1).</summary>
    public double? RateLimitUtilization { get; init; }
}
