using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.State;

namespace SacOperator.Agents;

public static partial class AgentPlanner
{
    /// <summary>
    /// The agent's host does not answer and a run is recorded there (or was being launched): phase
    /// Unknown with the host's reason, the record as it is, no action. Not an exit, not a reason to
    /// start another run or to stop this one, even for a deleted spec: the process may well run,
    /// and when the host answers it is observed and adopted as it is (decision 0025).
    /// </summary>
    private static AgentPlan PlanNodeOutage(AgentObservation o, AgentRecord? record, NodeOutage outage, List<PlannedEvent> events)
    {
        var what = record?.Pid is { } pid ? $"pid {pid}" : $"launch {record?.LaunchId}";
        var host = (o.PlacedOn ?? o.Agent?.Spec.Host) is { } name ? $"host '{name}'" : "its host";
        var deleted = o.Desired is null || o.Desired.DeletionRequested ? "spec removed; " : "";
        return new AgentPlan
        {
            Record = record,
            Phase = AgentPhases.Unknown,
            Reason = outage.Reason,
            Message = $"{deleted}{host} does not answer ({outage.Message}); {what} is left as it is until it does",
            Ready = null,
            Events = events,
            RequeueAfter = UnknownRetry,
        };
    }
}
