using SacOperator.Model;
using SacOperator.Sessions;

namespace SacOperator.Agents;

/// <summary>The status block of a followed session: counts and times only, never the stream's text.</summary>
public static class AgentSessionStatusBuilder
{
    public static AgentSessionStatus From(SessionState s) => new()
    {
        Id = s.SessionId,
        Model = s.Model,
        Turns = s.Turns,
        TurnInFlightSince = s.TurnInFlightSince,
        LastResultAt = s.LastResultAt,
        Tokens = new SessionTokens
        {
            Input = s.Tokens.Input,
            Output = s.Tokens.Output,
            CacheCreation = s.Tokens.CacheCreation,
            CacheRead = s.Tokens.CacheRead,
        },
        CostUsd = (double)s.CostUsd,
        LastError = s.LastError is { } e ? (e.Status is { } code ? $"{e.Kind} ({code})" : e.Kind) : null,
        LastErrorAt = s.LastError?.At,
        RateLimitResetsAt = s.RateLimitResetsAt,
    };
}
