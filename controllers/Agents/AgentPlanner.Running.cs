using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.State;

namespace SacOperator.Agents;

public static partial class AgentPlanner
{
    private static AgentPlan PlanAlive(AgentObservation o, AgentRecord record, AgentSpec spec, List<PlannedEvent> events)
    {
        if (record.TermSentAt is not null)
        {
            // A stop asked for while another stop is under way takes it over, so the next start is a fresh one.
            var intent = spec.Stopped && record.StopIntent != StopIntents.Delete ? StopIntents.UserStop : record.StopIntent ?? StopIntents.Requested;
            var (phase, reason) = intent switch
            {
                StopIntents.Delete => (AgentPhases.Stopped, AgentReasons.Stopping),
                StopIntents.Placement => (AgentPhases.Pending, AgentReasons.NotScheduledHere),
                StopIntents.UserStop when spec.Stopped => (AgentPhases.Stopped, AgentReasons.StoppedByUser),
                StopIntents.AccountUnavailable => (AgentPhases.Frozen, AgentReasons.QuotaExhausted),
                _ => (AgentPhases.Restarting, AgentReasons.Stopping),
            };
            return Stop(o, record with { StopIntent = intent }, spec, intent, phase, reason, "stopping", events);
        }

        if (spec.Stopped)
        {
            return Stop(o, record, spec, StopIntents.UserStop, AgentPhases.Stopped, AgentReasons.StoppedByUser,
                $"stopped on request (spec.stopped is true); 'sacop start {o.Key.Name}' starts it again", events);
        }

        if (spec.Suspend)
        {
            var freeze = o.Process.Status != ProcessStatus.Frozen;
            if (freeze)
            {
                events.Add(new PlannedEvent(EventTypes.Normal, AgentReasons.Frozen, $"suspended: process group {record.Pid} stopped (SIGSTOP)"));
            }

            return new AgentPlan
            {
                Action = freeze ? AgentAction.Freeze : AgentAction.None,
                Record = record with { Frozen = true },
                Phase = AgentPhases.Frozen,
                Reason = AgentReasons.Suspended,
                Message = "spec.suspend is true; the process group is stopped (SIGSTOP) until it is false again",
                Ready = false,
                Events = events,
                RequeueAfter = ResyncPeriod,
            };
        }

        if (o.Process.Status == ProcessStatus.Frozen)
        {
            events.Add(new PlannedEvent(EventTypes.Normal, AgentReasons.Thawed, $"resumed: process group {record.Pid} continued (SIGCONT)"));
            return new AgentPlan
            {
                Action = AgentAction.Thaw,
                Record = record with { Frozen = false },
                Phase = AgentPhases.Running,
                Reason = AgentReasons.Running,
                Ready = true,
                Events = events,
                RequeueAfter = TimeSpan.Zero,
            };
        }

        if (o.SpecHash is not null && record.SpecHash != o.SpecHash)
        {
            events.Add(new PlannedEvent(EventTypes.Normal, AgentReasons.SpecChanged, "spec changed; restarting the agent with the new spec"));
            return Stop(o, record, spec, StopIntents.SpecChanged, AgentPhases.Restarting, AgentReasons.SpecChanged,
                "spec changed; restarting", events);
        }

        if (PlanDependencyChange(o, record, spec, events) is { } changed)
        {
            return changed;
        }

        record = WithDependencyBaseline(o, record);
        if (PlanAccountMove(o, record, spec, events) is { } moved)
        {
            return moved;
        }

        if (IsNewRestartRequest(o, record))
        {
            events.Add(new PlannedEvent(EventTypes.Normal, AgentReasons.RestartRequested, RestartRequestMessage(o)));
            return Stop(o, WithRestartRequest(o, record), spec, StopIntents.Requested,
                AgentPhases.Restarting, AgentReasons.RestartRequested, RestartRequestMessage(o), events);
        }

        if (PlanSession(o, ref record, spec, events) is { } session)
        {
            return session;
        }

        // A run that lasted long enough wipes the failure streak (kubelet: 10 minutes).
        var uptime = record.StartedAt is { } started ? o.Now - started : TimeSpan.Zero;
        if (uptime >= Backoff.ResetAfter && (record.ConsecutiveFailures > 0 || record.CrashLooping))
        {
            record = record with { ConsecutiveFailures = 0, CrashLooping = false, RecentRestarts = [] };
        }

        // Exits are notified at once; periodic passes only look for stale heartbeats and probe
        // results. A process-method agent that never wrote a heartbeat has nothing to go stale.
        var interval = !spec.Health.Enabled || (spec.Health.Method == HealthMethods.Process && o.Health.HeartbeatAge is null)
            ? ResyncPeriod
            : spec.Health.Interval;
        switch (o.Health.State)
        {
            case HealthState.Starting:
                return Running(record, AgentPhases.Starting, AgentReasons.Starting, o.Health.Message, ready: false, interval, events);
            case HealthState.Unknown or HealthState.Dead:
                return Running(record, AgentPhases.Running, AgentReasons.HealthUnknown, o.Health.Message, ready: null, interval, events);
            case HealthState.Wedged when spec.Restart.Policy == RestartPolicies.Never:
                return Running(record, AgentPhases.Running, AgentReasons.Unhealthy,
                    $"{o.Health.Message}; restart policy is never, so it is left running", ready: false, interval, events);
            case HealthState.Wedged:
                events.Add(new PlannedEvent(EventTypes.Warning, AgentReasons.Unhealthy, $"{o.Health.Message}; restarting"));
                return Stop(o, record, spec, StopIntents.Unhealthy, AgentPhases.Restarting, AgentReasons.Unhealthy,
                    $"{o.Health.Message}; restarting", events);
            default:
                return Running(record, AgentPhases.Running, AgentReasons.Running, "", ready: true, interval, events);
        }
    }

    private static AgentPlan Running(
        AgentRecord record, string phase, string reason, string message, bool? ready, TimeSpan requeue, List<PlannedEvent> events) =>
        new()
        {
            Record = record,
            Phase = phase,
            Reason = reason,
            Message = message,
            Ready = ready,
            Events = events,
            RequeueAfter = requeue,
        };

    /// <summary>
    /// Records an accepted restart request. One that asks for a new session forgets the recorded id,
    /// in the same write as the stop: the next start creates a new id (recorded with its launch
    /// intent), and the old session is never resumed by the operator again.
    /// </summary>
    private static AgentRecord WithRestartRequest(AgentObservation o, AgentRecord record) => o.RestartWantsNewSession
        ? record with { RestartRequestedAt = o.RestartRequestedAt, SessionId = null, SessionStarted = false }
        : record with { RestartRequestedAt = o.RestartRequestedAt };

    private static string RestartRequestMessage(AgentObservation o) =>
        o.RestartWantsNewSession ? "restart requested with a new session" : "restart requested";

    private static bool IsNewRestartRequest(AgentObservation o, AgentRecord record) =>
        o.RestartRequestedAt is { } requested
        && (record.RestartRequestedAt is null || requested > record.RestartRequestedAt)
        && (record.StartedAt is null || requested > record.StartedAt);
}
