using SacOperator.Model;
using SacOperator.State;

namespace SacOperator.Agents;

/// <remarks>What follows an exit or a failed start: a restart schedule with back-off, or giving up.</remarks>
public static partial class AgentPlanner
{
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
