using SacOperator.Model;
using SacOperator.State;

namespace SacOperator.Agents;

/// <summary>An agent naming an Image that has no artifact on its host yet waits for it (condition ImageReady=False), instead of failing starts.</summary>
public static partial class AgentPlanner
{
    private static AgentPlan PlanImageNotReady(AgentObservation o, AgentRecord? record, List<PlannedEvent> events)
    {
        var image = o.Dependencies.Image!;
        return new AgentPlan
        {
            Record = record,
            Phase = AgentPhases.Pending,
            Reason = AgentReasons.ImageNotReady,
            Message = $"image {image.Reference} is not ready ({image.Reason}): {image.Message}; the agent starts when it has an active version",
            Ready = false,
            Events = events,
            RequeueAfter = RuntimeRecheck,
        };
    }
}
