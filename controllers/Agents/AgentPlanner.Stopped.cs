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

    /// <summary>Turns a recorded exit into a restart schedule or a final state. Runs once per exit.</summary>
    private static (AgentRecord Record, AgentPlan? Plan) DecideAfterExit(
        AgentObservation o, AgentRecord record, AgentSpec spec, List<PlannedEvent> events)
    {
        var intent = record.LastExitIntent;
        if (intent is not null && !StopIntents.CountsAsFailure(intent))
        {
            // Stopped on purpose (spec change, restart request, placement, deletion undone): start again now.
            return (record with { ExitPending = false, NextStartAt = null }, null);
        }

        var policy = spec.Restart.Policy;
        var succeeded = record.LastExitCode == 0 && intent is null;
        if (policy == RestartPolicies.Never || (succeeded && policy == RestartPolicies.OnFailure))
        {
            var reason = succeeded ? AgentReasons.Completed : AgentReasons.Error;
            var final = record with { ExitPending = false, GaveUpReason = reason, GaveUpSpecHash = o.SpecHash, NextStartAt = null };
            return (final, GaveUp(final, spec, events));
        }

        var failures = (record.LastUptime >= Backoff.ResetAfter ? 0 : record.ConsecutiveFailures) + 1;
        var maxRetries = spec.Restart.MaxRetries;
        if (maxRetries >= 0 && failures > maxRetries)
        {
            var final = record with
            {
                ExitPending = false,
                ConsecutiveFailures = failures,
                GaveUpReason = AgentReasons.RestartLimitExceeded,
                GaveUpSpecHash = o.SpecHash,
                NextStartAt = null,
            };
            events.Add(new PlannedEvent(EventTypes.Warning, AgentReasons.RestartLimitExceeded, GaveUpMessage(final, spec)));
            return (final, GaveUp(final, spec, events));
        }

        var exitedAt = record.LastExitAt ?? o.Now;
        var crashLooping = CrashLoop.Detect(CrashLoop.Trim(record.RecentRestarts, o.Now), record.LastUptime ?? TimeSpan.Zero, o.Now);
        var scheduled = record with
        {
            ExitPending = false,
            ConsecutiveFailures = failures,
            NextStartAt = exitedAt + Backoff.Delay(spec.Restart.Backoff, failures, delayFirst: spec.Sac is not null),
            CrashLooping = crashLooping,
        };
        if (crashLooping && !record.CrashLooping)
        {
            events.Add(new PlannedEvent(EventTypes.Warning, AgentReasons.CrashLoopBackOff, CrashMessage(scheduled, o.Now)));
        }

        return (scheduled, null);
    }

    /// <summary>
    /// Turns a recorded start failure into the time of the next attempt. Runs once per failure.
    /// An unavailable runtime is re-checked at a fixed period; any other failure backs off by the
    /// spec's schedule, never at once (a start that just failed would most likely fail again).
    /// </summary>
    private static AgentRecord ScheduleAfterStartFailure(AgentRecord record, AgentSpec spec)
    {
        var delay = record.LastStartErrorReason == Runtime.StartFailureReasons.RuntimeUnavailable
            ? RuntimeRecheck
            : Backoff.Delay(spec.Restart.Backoff, Math.Max(1, record.StartFailures) + 1);
        return record with { StartFailedAt = null, NextStartAt = record.StartFailedAt + delay };
    }

    private static AgentPlan Waiting(AgentObservation o, AgentRecord record, DateTimeOffset next, List<PlannedEvent> events)
    {
        if (record.LastStartErrorReason is { } startError)
        {
            return new AgentPlan
            {
                Record = record,
                Phase = AgentPhases.Failed,
                Reason = startError,
                Message = $"{record.LastStartError} (retrying in {Describe(next - o.Now)})",
                Ready = false,
                Events = events,
                RequeueAfter = next - o.Now,
            };
        }

        return new AgentPlan
        {
            Record = record,
            Phase = record.CrashLooping ? AgentPhases.CrashLoopBackOff : AgentPhases.Restarting,
            Reason = record.CrashLooping ? AgentReasons.CrashLoopBackOff : AgentReasons.BackOff,
            Message = CrashMessage(record, o.Now),
            Ready = false,
            CrashLooping = record.CrashLooping,
            Events = events,
            RequeueAfter = next - o.Now,
        };
    }

    private static AgentPlan GaveUp(AgentRecord record, AgentSpec spec, List<PlannedEvent> events)
    {
        var completed = record.GaveUpReason == AgentReasons.Completed;
        return new AgentPlan
        {
            Record = record,
            Phase = completed ? AgentPhases.Stopped : AgentPhases.Failed,
            Reason = record.GaveUpReason!,
            Message = GaveUpMessage(record, spec),
            Ready = false,
            Events = events,
        };
    }

    private static string GaveUpMessage(AgentRecord record, AgentSpec spec)
    {
        var exit = ExitText(record);
        var text = record.GaveUpReason switch
        {
            AgentReasons.Completed => $"{exit}; not restarted (restart policy is {spec.Restart.Policy})",
            AgentReasons.RestartLimitExceeded =>
                $"{exit}; gave up after {record.ConsecutiveFailures - 1} restarts without staying up (restart.maxRetries). " +
                "Fix the cause, then run 'sacop restart' or change the spec",
            _ => $"{exit}; not restarted (restart policy is never)",
        };
        return record.LastStderrTail is { Length: > 0 } tail ? $"{text}. Last stderr: {tail}" : text;
    }

    private static string CrashMessage(AgentRecord record, DateTimeOffset now)
    {
        var wait = record.NextStartAt is { } next && next > now ? Describe(next - now) : "0s";
        var text = $"back-off {wait} restarting failed agent; {ExitText(record)}";
        return record.LastStderrTail is { Length: > 0 } tail ? $"{text}. Last stderr: {tail}" : text;
    }

    private static string ExitText(AgentRecord record) =>
        record.LastExitCode is { } code ? $"last exit code {code}" : "last exit status unknown";

    private static string RestartReason(string? intent) => intent switch
    {
        StopIntents.SpecChanged => AgentReasons.SpecChanged,
        StopIntents.Requested => AgentReasons.RestartRequested,
        StopIntents.Unhealthy => AgentReasons.Unhealthy,
        null => AgentReasons.Exited,
        _ => intent,
    };
}
