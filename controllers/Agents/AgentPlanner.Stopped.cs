using SacOperator.Model;
using SacOperator.State;

namespace SacOperator.Agents;

public static partial class AgentPlanner
{
    private static AgentPlan PlanNotRunning(AgentObservation o, AgentRecord? record, AgentSpec spec, List<PlannedEvent> events)
    {
        record ??= new AgentRecord { Key = o.Key, InstanceName = o.InstanceName, Runtime = spec.Runtime };
        if (spec.Stopped)
        {
            return KeptStopped(o, record, events);
        }

        if (spec.Suspend)
        {
            return new AgentPlan
            {
                Record = record,
                Phase = AgentPhases.Frozen,
                Reason = AgentReasons.Suspended,
                Message = "spec.suspend is true; the agent is not started until it is false",
                Ready = false,
                Events = events,
            };
        }

        if (IsNewRestartRequest(o, record))
        {
            // An explicit restart wipes any back-off or give-up: the user asked for a fresh try.
            record = WithoutFailureStreak(WithRestartRequest(o, record)) with
            {
                ExitPending = false,
                StartFailures = 0,
                StartFailedAt = null,
            };
            events.Add(new PlannedEvent(EventTypes.Normal, AgentReasons.RestartRequested, RestartRequestMessage(o)));
        }

        if (record.ExitPending)
        {
            var decided = DecideAfterExit(o, record, spec, events);
            if (decided.Plan is not null)
            {
                return decided.Plan;
            }

            record = decided.Record;
        }

        if (record.StartFailedAt is not null)
        {
            record = ScheduleAfterStartFailure(record, spec);
        }

        if (record.GaveUpReason is not null)
        {
            if (record.GaveUpSpecHash == o.SpecHash)
            {
                return GaveUp(record, spec, events);
            }

            record = WithoutFailureStreak(record);
        }

        if (!o.Runtime.Available)
        {
            return new AgentPlan
            {
                Record = record,
                Phase = AgentPhases.Failed,
                Reason = Runtime.StartFailureReasons.RuntimeUnavailable,
                Message = o.Runtime.Message,
                Ready = false,
                Events = events,
                RequeueAfter = RuntimeRecheck,
            };
        }

        var (held, account) = PlanAccountForStart(o, record, events);
        if (held is not null)
        {
            return held;
        }

        if (record.NextStartAt is { } next && next > o.Now)
        {
            return Waiting(o, record, next, events);
        }

        // The first start after a user's stop, or after a freeze for want of an account, is a start, not a restart: it counts nothing.
        var isRestart = record.StartedAt is not null && record.LastExitIntent is not (StopIntents.UserStop or StopIntents.AccountUnavailable);
        if (record.LastExitIntent == StopIntents.UserStop && !record.ExitPending)
        {
            events.Add(new PlannedEvent(EventTypes.Normal, AgentReasons.StartedByUser, "started on request (spec.stopped is false)"));
        }

        RestartEntry? restart = null;
        var started = record;
        if (isRestart)
        {
            restart = new RestartEntry
            {
                At = o.Now,
                ExitCode = record.LastExitCode,
                Uptime = record.LastUptime ?? TimeSpan.Zero,
                Reason = RestartReason(record.LastExitIntent),
            };
            var history = StopIntents.CountsAsFailure(record.LastExitIntent) || record.LastExitIntent is null
                ? CrashLoop.Trim([.. record.RecentRestarts, restart], o.Now)
                : record.RecentRestarts;
            started = record with { RestartCount = record.RestartCount + 1, RecentRestarts = history };
        }

        var awaitsHealth = spec.Health.Enabled && spec.Health.Method != HealthMethods.Process;
        return new AgentPlan
        {
            Action = AgentAction.Start,
            Account = account,
            Record = record,
            RecordOnSuccess = started,
            Restart = restart,
            Phase = awaitsHealth ? AgentPhases.Starting : AgentPhases.Running,
            Reason = awaitsHealth ? AgentReasons.Starting : AgentReasons.Running,
            Ready = !awaitsHealth,
            Events = events,
            RequeueAfter = spec.Health.Enabled ? spec.Health.Interval : ResyncPeriod,
        };
    }

    /// <summary>
    /// <c>spec.stopped</c> with nothing running: nothing starts, and the instance is stopped too. A
    /// pending exit, back-off or give-up is dropped (the user's stop supersedes it), so the start
    /// that follows <c>spec.stopped: false</c> is a fresh start that counts no restart.
    /// </summary>
    private static AgentPlan KeptStopped(AgentObservation o, AgentRecord record, List<PlannedEvent> events)
    {
        if (record.LastExitIntent != StopIntents.UserStop || record.ExitPending)
        {
            events.Add(new PlannedEvent(EventTypes.Normal, AgentReasons.StoppedByUser, "stopped on request; kept stopped until spec.stopped is false"));
        }

        return new AgentPlan
        {
            Action = record.InstanceStarted ? AgentAction.Cleanup : AgentAction.None,
            Record = WithoutFailureStreak(record) with
            {
                InstanceStarted = false,
                ExitPending = false,
                LastExitIntent = StopIntents.UserStop,
                StartFailures = 0,
                LastStartErrorReason = null,
                LastStartError = null,
            },
            Phase = AgentPhases.Stopped,
            Reason = AgentReasons.StoppedByUser,
            Message = $"stopped on request (spec.stopped is true); 'sacop start {o.Key.Name}' starts it again",
            Ready = false,
            Events = events,
        };
    }
}
