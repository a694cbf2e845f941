using SacOperator.Model;
using SacOperator.State;

namespace SacOperator.Agents;

public static partial class AgentPlanner
{
    /// <summary>
    /// The leader of the last run is gone but processes it started still live (a child that ignored
    /// SIGTERM, a daemonised helper). Nothing starts, and nothing is forgotten, until they are gone:
    /// SIGTERM, then SIGKILL after the grace period, then confirm on the next pass.
    /// </summary>
    private static AgentPlan PlanLeftovers(AgentObservation o, AgentRecord record, List<PlannedEvent> events)
    {
        var grace = o.Agent?.Spec.TerminationGracePeriod ?? DefaultGrace;
        var pids = string.Join(", ", o.Leftovers.Take(10).Select(p => p.Handle.Pid)) + (o.Leftovers.Count > 10 ? $" and {o.Leftovers.Count - 10} more" : "");
        var phase = o.Desired is null || o.Desired.DeletionRequested ? AgentPhases.Stopped : AgentPhases.Restarting;
        var message = $"waiting for {o.Leftovers.Count} process(es) left by the last run to exit (pids {pids})";
        var plan = new AgentPlan
        {
            Record = record,
            Phase = phase,
            Reason = AgentReasons.CleaningUp,
            Message = message,
            Ready = false,
            Events = events,
        };
        if (record.LeftoverTermSentAt is not { } termAt)
        {
            events.Add(new PlannedEvent(EventTypes.Warning, AgentReasons.CleaningUp, $"the last run left processes behind; SIGTERM to pids {pids}"));
            return plan with
            {
                Action = AgentAction.TerminateLeftovers,
                Record = record with { LeftoverTermSentAt = o.Now },
                RequeueAfter = grace,
            };
        }

        if (o.Now >= termAt + grace)
        {
            events.Add(new PlannedEvent(EventTypes.Warning, AgentReasons.Killing,
                $"processes left by the last run did not stop within {Describe(grace)} of SIGTERM; SIGKILL to pids {pids}"));
            return plan with { Action = AgentAction.KillLeftovers, RequeueAfter = KillRecheck };
        }

        return plan with { RequeueAfter = termAt + grace - o.Now };
    }
}
