namespace SacOperator.Sessions;

/// <summary>
/// Folds stream events into a <see cref="SessionState"/>. Pure: the time an event was read is passed
/// in (stream-json lines carry no time), so the same lines at the same times give the same state.
/// </summary>
public static class SessionFold
{
    public const int ResultTextLimit = 500;

    /// <summary>Folds one raw line; a malformed one is counted, a blank one ignored.</summary>
    public static SessionState Apply(SessionState state, string line, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return state;
        }

        return StreamEventParser.Parse(line) is { } e
            ? Apply(state, e, now)
            : state with { Malformed = state.Malformed + 1 };
    }

    public static SessionState Apply(SessionState state, StreamEvent e, DateTimeOffset now)
    {
        var s = WithSession(state with { Events = state.Events + 1, LastEventAt = now }, e);
        return (e.Type, e.Subtype) switch
        {
            // Claude Code emits system/init as each turn begins (stream-json input echoes no prompt without --replay-user-messages).
            ("system", "init") => Started(s with { Model = e.Model ?? s.Model, InitAt = now }, now),
            ("system", "api_retry") => Retry(s, e, now),
            ("user", _) when e.IsPrompt => Started(s, now),
            ("assistant", _) => Assistant(s, e, now),
            ("result", _) => Result(s, e, now),
            ("rate_limit_event", _) => s with
            {
                RateLimitResetsAt = e.RateLimitResetsAt ?? s.RateLimitResetsAt,
                RateLimitUtilization = e.RateLimitUtilization ?? s.RateLimitUtilization,
            },
            _ => s,
        };
    }

    private static SessionState WithSession(SessionState s, StreamEvent e)
    {
        if (e.SessionId is not { } id || id == s.SessionId)
        {
            return s;
        }

        return s.SessionId is null
            ? s with { SessionId = id }
            : s with { SessionId = id, SessionChanges = s.SessionChanges + 1, SessionCostUsd = 0 };
    }

    private static SessionState Started(SessionState s, DateTimeOffset now) =>
        s.TurnInFlightSince is null ? s with { TurnInFlightSince = now } : s;

    private static SessionState Retry(SessionState s, StreamEvent e, DateTimeOffset now) => Started(s, now) with
    {
        RetryAttempts = s.RetryAttempts + 1,
        RetryLastStatus = e.ErrorStatus ?? s.RetryLastStatus,
        LastError = new SessionError { Kind = e.Error ?? "api_error", Status = e.ErrorStatus, At = now },
        ApiErrors = Count(s.ApiErrors, e.Error ?? "api_error"),
        RateLimitResetsAt = e.ErrorStatus == 429 && e.RetryDelayMs is { } ms ? now.AddMilliseconds(ms) : s.RateLimitResetsAt,
    };

    private static SessionState Assistant(SessionState s, StreamEvent e, DateTimeOffset now)
    {
        var started = Started(s, now) with { Model = e.Model is { } m && m != "<synthetic>" ? m : s.Model };
        return e.Error is { } error
            ? started with { LastError = new SessionError { Kind = error, Status = s.LastError?.Status, At = now } }
            : started with { RetryAttempts = 0, RetryLastStatus = null };
    }

    private static SessionState Result(SessionState s, StreamEvent e, DateTimeOffset now)
    {
        // total_cost_usd is cumulative per process; a lower one means the process started over.
        var cost = e.TotalCostUsd is { } total
            ? (total >= s.SessionCostUsd ? s.CostUsd - s.SessionCostUsd + total : s.CostUsd + total, total)
            : (s.CostUsd, s.SessionCostUsd);
        var kind = e.ErrorStatus == 429 ? "rate_limit" : s.LastError?.Kind ?? "api_error";
        var error = e.IsError ? new SessionError { Kind = kind, Status = e.ErrorStatus, At = now } : null;
        return s with
        {
            Turns = s.Turns + 1,
            TurnInFlightSince = null,
            LastResultText = Cut(e.ResultText),
            LastResultAt = now,
            Tokens = e.Usage is { } u ? s.Tokens.Plus(u) : s.Tokens,
            CostUsd = cost.Item1,
            SessionCostUsd = cost.Item2,
            LastError = error,
            ApiErrors = error is null ? s.ApiErrors : Count(s.ApiErrors, error.Kind),
            RetryAttempts = 0,
            RetryLastStatus = null,
        };
    }

    private static SortedDictionary<string, long> Count(IReadOnlyDictionary<string, long> counts, string kind)
    {
        var next = new SortedDictionary<string, long>(counts.ToDictionary(), StringComparer.Ordinal);
        next[kind] = next.GetValueOrDefault(kind) + 1;
        return next;
    }

    private static string? Cut(string? text) =>
        text is { Length: > ResultTextLimit } ? text[..ResultTextLimit] + "…" : text;
}
