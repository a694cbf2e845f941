using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.State;

namespace SacOperator.Agents;

/// <summary>
/// Decides what to do for one agent, as a pure function of <see cref="AgentObservation"/>: no
/// I/O, no clock, no randomness. Table- and golden-tested. Each call returns at most one action;
/// the reconciler executes it and asks again (immediately or after the requested delay), so
/// multi-step transitions (stop, then start) happen over successive level-triggered passes.
/// </summary>
public static partial class AgentPlanner
{
    /// <summary>Level re-check of agents with nothing else scheduled (exits are notified at once).</summary>
    public static readonly TimeSpan ResyncPeriod = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan UnknownRetry = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan RuntimeRecheck = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan KillRecheck = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(5);

    public static AgentPlan Plan(AgentObservation o)
    {
        var events = new List<PlannedEvent>();
        var record = o.Record;
        if (o.NodeOutage is { } outage && (record?.Pid is not null || record is { Launching: true }))
        {
            return PlanNodeOutage(o, record, outage, events);
        }

        if (record?.Pid is not null && o.Process.Status == ProcessStatus.Exited)
        {
            record = FoldExit(record, o, events);
        }

        if (record is not null && !o.Process.IsAlive)
        {
            if (o.Leftovers.Count > 0)
            {
                return PlanLeftovers(o, record, events);
            }

            if (record.LastPid is not null || record.LeftoverTermSentAt is not null)
            {
                record = record with { LastPid = null, LeftoverTermSentAt = null };
            }
        }

        if (o.Desired is null || o.Desired.DeletionRequested)
        {
            return PlanRemoval(o, record, events);
        }

        if (o.Agent is not { } agent || !o.Desired.IsValid)
        {
            return PlanInvalid(o, record, events);
        }

        if (o.Process.Status == ProcessStatus.Unknown && record?.Pid is not null)
        {
            return new AgentPlan
            {
                Record = record,
                Phase = AgentPhases.Running,
                Reason = AgentReasons.ProcessStateUnknown,
                Message = $"cannot determine the state of pid {record.Pid}: {o.Process.Detail}",
                Events = events,
                RequeueAfter = UnknownRetry,
            };
        }

        if (o.Unschedulable is { } why && !o.Process.IsAlive)
        {
            return new AgentPlan { Record = record, Phase = AgentPhases.Pending, Reason = AgentReasons.Unschedulable, Message = why, Ready = false, Events = events };
        }

        if (!o.PlacedHere)
        {
            return o.Process.IsAlive
                ? Stop(o, record!, agent.Spec, StopIntents.Placement, AgentPhases.Pending, AgentReasons.NotScheduledHere,
                    $"placed on host '{o.PlacedOn ?? agent.Spec.Host}', not '{o.HostName}'; stopping the local process", events)
                : new AgentPlan
                {
                    Record = record,
                    Phase = AgentPhases.Pending,
                    Reason = AgentReasons.NotScheduledHere,
                    Message = $"placed on host '{o.PlacedOn ?? agent.Spec.Host}'; this operator runs agents of host '{o.HostName}'",
                    Ready = false,
                    Events = events,
                };
        }

        if (!o.Process.IsAlive && !o.Dependencies.Host.Ready && !agent.Spec.Suspend && !agent.Spec.Stopped)
        {
            return PlanHostNotReady(o, record, events);
        }

        if (!o.Process.IsAlive && o.Dependencies.Image is { Ready: false } && !agent.Spec.Suspend && !agent.Spec.Stopped)
        {
            return PlanImageNotReady(o, record, events);
        }

        return o.Process.IsAlive
            ? WithSessionHealth(o, PlanAlive(o, record!, agent.Spec, events))
            : PlanNotRunning(o, record, agent.Spec, events);
    }

    /// <summary>Records an observed exit once: facts only; the restart decision waits for a valid spec.</summary>
    private static AgentRecord FoldExit(AgentRecord record, AgentObservation o, List<PlannedEvent> events)
    {
        var exitedAt = o.Process.ExitedAt ?? o.Now;
        // Clocks are not monotonic across the exit watcher and the reconciler: never a negative uptime.
        var uptime = record.StartedAt is { } started && exitedAt > started ? exitedAt - started : TimeSpan.Zero;
        var code = o.Process.Code;
        var how = o.Process.Signal is { } signal
            ? $"was killed by signal {signal} ({Processes.SignalNames.Name(signal)})"
            : code is { } c ? $"exited with code {c}" : "exited (exit status unknown: adopted process)";
        var intended = record.StopIntent is not null && !StopIntents.CountsAsFailure(record.StopIntent);
        events.Add(new PlannedEvent(intended || code == 0 ? EventTypes.Normal : EventTypes.Warning, AgentReasons.Exited,
            $"process {record.Pid} {how} after {Describe(uptime)}"));
        return record with
        {
            Pid = null,
            StartTicks = null,
            LastPid = record.Pid,
            LastExitCode = code,
            LastExitAt = exitedAt,
            LastUptime = uptime,
            ExitPending = true,
            LastExitIntent = record.StopIntent,
            LastStderrTail = o.StderrTail,
            StopIntent = null,
            TermSentAt = null,
            KillSent = false,
            Frozen = false,
        };
    }

    private static AgentPlan PlanRemoval(AgentObservation o, AgentRecord? record, List<PlannedEvent> events)
    {
        if (o.Process.IsAlive && record is not null)
        {
            return Stop(o, record, o.Agent?.Spec, StopIntents.Delete, AgentPhases.Stopped, AgentReasons.Stopping,
                "spec removed; stopping the agent", events);
        }

        if (o.Process.Status == ProcessStatus.Unknown && record?.Pid is not null)
        {
            return new AgentPlan
            {
                Record = record,
                Phase = AgentPhases.Stopped,
                Reason = AgentReasons.ProcessStateUnknown,
                Message = $"spec removed, but the state of pid {record.Pid} cannot be determined: {o.Process.Detail}",
                Events = events,
                RequeueAfter = UnknownRetry,
            };
        }

        if (record is not null)
        {
            events.Add(new PlannedEvent(EventTypes.Normal, AgentReasons.Deleted, "spec removed; agent stopped and cleaned up"));
        }

        return new AgentPlan
        {
            Action = record?.InstanceStarted == true ? AgentAction.Cleanup : AgentAction.Forget,
            Record = null,
            Phase = AgentPhases.Stopped,
            Reason = AgentReasons.Deleted,
            Message = "spec removed",
            Events = events,
        };
    }

    private static AgentPlan PlanInvalid(AgentObservation o, AgentRecord? record, List<PlannedEvent> events)
    {
        var errors = o.Desired!.ErrorSummary;
        var running = o.Process.IsAlive;
        return new AgentPlan
        {
            Record = record,
            Phase = AgentPhases.Invalid,
            Reason = AgentReasons.InvalidSpec,
            Message = running ? $"{errors} (still running the last valid spec, pid {record?.Pid})" : errors,
            Ready = running ? null : false,
            Events = events,
        };
    }

    /// <summary>SIGTERM, then SIGKILL once the grace period is over; each call advances one step.</summary>
    private static AgentPlan Stop(
        AgentObservation o,
        AgentRecord record,
        AgentSpec? spec,
        string intent,
        string phase,
        string reason,
        string message,
        List<PlannedEvent> events)
    {
        var grace = spec?.TerminationGracePeriod ?? DefaultGrace;
        var strongest = record.StopIntent == StopIntents.Delete ? StopIntents.Delete : intent;
        if (record.TermSentAt is not { } termAt)
        {
            events.Add(new PlannedEvent(EventTypes.Normal, AgentReasons.Stopping, $"{message} (SIGTERM to pid {record.Pid})"));
            return new AgentPlan
            {
                Action = AgentAction.Terminate,
                StopIntent = strongest,
                Record = record with { StopIntent = strongest, TermSentAt = o.Now },
                Phase = phase,
                Reason = reason,
                Message = message,
                Ready = false,
                Events = events,
                RequeueAfter = grace,
            };
        }

        var deadline = termAt + grace;
        if (!record.KillSent && o.Now >= deadline)
        {
            events.Add(new PlannedEvent(EventTypes.Warning, AgentReasons.Killing,
                $"pid {record.Pid} did not stop within {Describe(grace)} of SIGTERM; sending SIGKILL"));
            return new AgentPlan
            {
                Action = AgentAction.Kill,
                Record = record with { StopIntent = strongest, KillSent = true },
                Phase = phase,
                Reason = reason,
                Message = message,
                Ready = false,
                Events = events,
                RequeueAfter = KillRecheck,
            };
        }

        return new AgentPlan
        {
            Record = record with { StopIntent = strongest },
            Phase = phase,
            Reason = reason,
            Message = message,
            Ready = false,
            Events = events,
            RequeueAfter = record.KillSent ? KillRecheck : deadline - o.Now,
        };
    }

    internal static string Describe(TimeSpan span) => Math.Max(0, span.TotalSeconds) switch
    {
        < 1 => $"{Math.Max(0, span.TotalMilliseconds):0}ms",
        < 120 => $"{span.TotalSeconds:0.#}s",
        < 7200 => $"{span.TotalMinutes:0.#}m",
        _ => $"{span.TotalHours:0.#}h",
    };

    /// <summary>The record with its crash streak forgotten: no pending back-off, no give-up, no crash loop.</summary>
    private static AgentRecord WithoutFailureStreak(AgentRecord record) => record with
    {
        NextStartAt = null,
        GaveUpReason = null,
        GaveUpSpecHash = null,
        ConsecutiveFailures = 0,
        CrashLooping = false,
    };
}
