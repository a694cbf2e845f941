namespace SacOperator.Sessions;

/// <summary>The last failure the stream reported: Claude Code's error kind and the API status, if any.</summary>
public sealed record SessionError
{
    /// <summary>e.g. authentication_failed, rate_limit, overloaded; <c>api_error</c> when only a status is known.</summary>
    public required string Kind { get; init; }

    public int? Status { get; init; }

    public required DateTimeOffset At { get; init; }
}
