using SacOperator.Model;
using SacOperator.Sessions;
using SacOperator.State;

namespace SacOperator.Agents;

/// <summary>
/// Verdicts from a running Claude Code agent's own stream (decision 0020). Only what the current run
/// said counts: errors, turns and inits older than its start belong to an earlier process.
/// </summary>
public static partial class AgentPlanner
{
    public const string AuthenticationError = "authentication_failed";
    public const string RateLimitError = "rate_limit";

    public static readonly TimeSpan DefaultStallTimeout = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Clock slack between the follower's read times and the recorded start of the run.</summary>
    private static readonly TimeSpan SessionSlack = TimeSpan.FromSeconds(2);

    /// <summary>Kinds that are transient on the API's side: Claude Code retries them, nothing to do.</summary>
    private static readonly HashSet<string> TransientErrors = new(StringComparer.Ordinal) { "overloaded", "overloaded_error", "server_error", "api_error" };

    /// <summary>A verdict from the stream, or null (with <paramref name="record"/> updated: verdict marks cleared, a failed turn reported).</summary>
    private static AgentPlan? PlanSession(AgentObservation o, ref AgentRecord record, AgentSpec spec, List<PlannedEvent> events)
    {
        if (o.Session is not { } s || record.StartedAt is not { } started)
        {
            return null;
        }

        bool ThisRun(DateTimeOffset? at) => at is { } t && t >= started - SessionSlack;
        if (spec.Claude.Session == ClaudeSessions.Fresh && record.SessionStarted && s.SessionId is { } current
            && current != record.SessionId && ThisRun(s.LastEventAt))
        {
            // The agent moved to another session (/clear): later starts resume that one (decision 0019).
            events.Add(new PlannedEvent(EventTypes.Normal, AgentReasons.SessionChanged,
                $"the Claude Code session changed from {record.SessionId ?? "none"} to {current}; later starts resume {current}"));
            record = record with { SessionId = current };
        }

        var error = ThisRun(s.LastError?.At) ? s.LastError : null;
        if (error?.Kind == AuthenticationError)
        {
            // Restarting cannot fix a credential: no restart, whatever the policy.
            var message = $"the API rejected the agent's credentials ({AuthenticationError}{Status(error)}); log in again " +
                $"(claude /login, or renew the credentials of its account), then 'sacop restart {o.Key.Name}'";
            return SessionVerdict(record, events, AgentPhases.Failed, AgentReasons.AuthenticationFailed, message, ResyncPeriod);
        }

        if (error?.Kind == RateLimitError || (ThisRun(error?.At) && s.RetryLastStatus == 429))
        {
            var reset = s.RateLimitResetsAt;
            if (reset is null || reset > o.Now)
            {
                var message = reset is { } at
                    ? $"the API rate-limited the agent (429); the limit resets at {at.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z"
                    : "the API rate-limited the agent (429); the stream gave no reset time";
                var requeue = reset is { } r ? r - o.Now : ResyncPeriod;
                return SessionVerdict(record, events, AgentPhases.Running, AgentReasons.RateLimited, message, requeue);
            }
        }

        record = WithoutSessionVerdict(record);
        var failedTurn = error is { } e ? $"{AgentReasons.TurnFailed}@{e.At.UtcDateTime:O}" : null;
        if (error is { } other && s.LastResultAt == other.At && !TransientErrors.Contains(other.Kind)
            && other.Kind is not (AuthenticationError or RateLimitError) && record.SessionErrorReported != failedTurn)
        {
            // Each failed turn once: the mark names the result's time.
            var text = s.LastResultText is { Length: > 0 } t ? Redactor.Redact(t, spec) : other.Kind;
            events.Add(new PlannedEvent(EventTypes.Warning, AgentReasons.TurnFailed, $"a turn ended with an error ({other.Kind}{Status(other)}): {text}"));
            record = record with { SessionErrorReported = failedTurn };
        }

        if (PlanStall(o, record, spec, s, ThisRun, events) is { } stalled)
        {
            return stalled;
        }

        // Not stalled (any more): a later stall starts over with SIGINT.
        if (record.StallInterruptedAt is not null)
        {
            record = record with
            {
                StallInterruptedAt = null,
                StopIntent = record.TermSentAt is null && record.StopIntent == StopIntents.Unhealthy ? null : record.StopIntent,
            };
        }

        return null;
    }

    private static AgentPlan? PlanStall(
        AgentObservation o, AgentRecord record, AgentSpec spec, SessionState s, Func<DateTimeOffset?, bool> thisRun, List<PlannedEvent> events)
    {
        var health = spec.Health;
        string? stall = null;
        if (thisRun(s.TurnInFlightSince))
        {
            var last = s.LastEventAt is { } e && e > s.TurnInFlightSince ? e : s.TurnInFlightSince!.Value;
            if (o.Now - last >= (health.StallTimeout ?? DefaultStallTimeout))
            {
                stall = $"a turn has been in flight since {s.TurnInFlightSince!.Value.UtcDateTime:HH:mm:ss}Z with no stream event for " +
                    $"{Describe(o.Now - last)} (health.stallTimeout {Describe((health.StallTimeout ?? DefaultStallTimeout))})";
            }
        }
        else if (thisRun(record.PromptsSentAt) && !thisRun(s.InitAt) && o.Now - record.StartedAt!.Value >= (health.StartTimeout ?? DefaultStartTimeout))
        {
            stall = $"no system/init within {Describe((health.StartTimeout ?? DefaultStartTimeout))} of start (health.startTimeout) although startup prompts were sent";
        }

        if (stall is null)
        {
            return null;
        }

        if (spec.Restart.Policy == RestartPolicies.Never)
        {
            return Running(record, AgentPhases.Running, AgentReasons.Stalled, $"{stall}; restart policy is never, so it is left running",
                ready: false, ResyncPeriod, events) with { Healthy = false, HealthyReason = AgentReasons.Stalled };
        }

        var grace = spec.TerminationGracePeriod;
        if (record.StallInterruptedAt is not { } interrupted || interrupted < record.StartedAt)
        {
            events.Add(new PlannedEvent(EventTypes.Warning, AgentReasons.Stalled, $"{stall}; interrupting the turn (SIGINT to pid {record.Pid})"));
            // Claude Code -p exits (code 0) on SIGINT: the Unhealthy intent makes that exit a failure
            // for the restart policy (on-failure restarts it) instead of a completed run.
            return new AgentPlan
            {
                Action = AgentAction.Interrupt,
                Record = record with { StallInterruptedAt = o.Now, StopIntent = StopIntents.Unhealthy },
                Phase = AgentPhases.Running,
                Reason = AgentReasons.Stalled,
                Message = $"{stall}; interrupted (SIGINT)",
                Ready = false,
                Healthy = false,
                HealthyReason = AgentReasons.Stalled,
                Events = events,
                RequeueAfter = grace,
            };
        }

        if (o.Now >= interrupted + grace)
        {
            events.Add(new PlannedEvent(EventTypes.Warning, AgentReasons.Stalled, $"{stall}; still stalled {Describe(grace)} after SIGINT, restarting (the session is resumed)"));
            return Stop(o, record, spec, StopIntents.Unhealthy, AgentPhases.Restarting, AgentReasons.Stalled,
                $"{stall}; restarting", events) with { Healthy = false, HealthyReason = AgentReasons.Stalled };
        }

        return Running(record, AgentPhases.Running, AgentReasons.Stalled, $"{stall}; interrupted (SIGINT), waiting for the turn to end",
            ready: false, interrupted + grace - o.Now, events) with { Healthy = false, HealthyReason = AgentReasons.Stalled };
    }

    private static AgentPlan SessionVerdict(AgentRecord record, List<PlannedEvent> events, string phase, string reason, string message, TimeSpan requeue)
    {
        if (record.SessionErrorReported != reason)
        {
            events.Add(new PlannedEvent(EventTypes.Warning, reason, message));
            record = record with { SessionErrorReported = reason };
        }

        return new AgentPlan
        {
            Record = record with { StallInterruptedAt = null },
            Phase = phase,
            Reason = reason,
            Message = message,
            Ready = false,
            Healthy = false,
            HealthyReason = reason,
            Events = events,
            RequeueAfter = requeue,
        };
    }

    /// <summary>The stream reports no verdict (any more): its marks are cleared, so a later failure is reported again.</summary>
    private static AgentRecord WithoutSessionVerdict(AgentRecord record) =>
        record.SessionErrorReported is AgentReasons.AuthenticationFailed or AgentReasons.RateLimited
            ? record with { SessionErrorReported = null }
            : record;

    /// <summary>
    /// A followed Claude Code agent reports the Healthy condition, and a pass is due when its turn in
    /// flight would become stalled (or its start would time out), so a stall is seen on time.
    /// </summary>
    private static AgentPlan WithSessionHealth(AgentObservation o, AgentPlan plan)
    {
        if (o.Session is not { } s || o.Agent is not { } agent || plan.Record?.StartedAt is not { } started)
        {
            return plan;
        }

        if (plan.Healthy is not null || plan.Action != AgentAction.None || plan.Phase != AgentPhases.Running)
        {
            return plan;
        }

        var health = agent.Spec.Health;
        DateTimeOffset? deadline = null;
        if (s.TurnInFlightSince is { } since && since >= started - SessionSlack)
        {
            deadline = (s.LastEventAt is { } e && e > since ? e : since) + (health.StallTimeout ?? DefaultStallTimeout);
        }
        else if (plan.Record.PromptsSentAt is { } sent && sent >= started - SessionSlack && !(s.InitAt >= started - SessionSlack))
        {
            deadline = started + (health.StartTimeout ?? DefaultStartTimeout);
        }

        var requeue = deadline is { } d && (plan.RequeueAfter is null || d - o.Now < plan.RequeueAfter)
            ? (d > o.Now ? d - o.Now : TimeSpan.Zero)
            : plan.RequeueAfter;
        return plan with { Healthy = true, HealthyReason = AgentReasons.Healthy, RequeueAfter = requeue };
    }

    private static string Status(SessionError error) => error.Status is { } code ? $", HTTP {code}" : "";
}
