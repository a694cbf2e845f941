using SacOperator.Sessions;

namespace SacOperator.Agents;

/// <summary>Which changes of a session's state the Agent planner (or its status) decides on, so that not every stream event costs a reconcile.</summary>
public static class SessionChange
{
    public static bool Matters(SessionState before, SessionState after) =>
        before.SessionId != after.SessionId
        || before.Model != after.Model
        || before.Turns != after.Turns
        || before.TurnInFlightSince != after.TurnInFlightSince
        || before.InitAt != after.InitAt
        || before.LastError?.Kind != after.LastError?.Kind
        || (before.RetryAttempts > 0) != (after.RetryAttempts > 0)
        || before.RateLimitResetsAt != after.RateLimitResetsAt;
}
