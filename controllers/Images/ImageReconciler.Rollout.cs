using SacOperator.Model;
using SacOperator.State;

namespace SacOperator.Images;

/// <summary>The rollout step of the Image reconcile (decision 0026): plan it, record its events and metrics, and keep what it pins.</summary>
public sealed partial class ImageReconciler
{
    private RolloutPlan PlanRollout(ResourceKey key, ImageSpec spec, ImagePlan plan, IReadOnlyList<BuiltVersion> versions)
    {
        var reported = status.Current(key) as ImageStatus;
        IReadOnlyList<AgentRecord> records;
        try
        {
            records = state.ListAgents();
        }
        catch (StateUnavailableException)
        {
            // Which version each agent runs is unknown: hold the rollout where it is rather than judge blind.
            return new RolloutPlan { Status = reported?.Rollout, RequeueAfter = options.RecheckPeriod };
        }

        var rollout = RolloutPlanner.Plan(new RolloutInput
        {
            Spec = spec.Rollout,
            Active = plan.ActiveVersion,
            PreviousActive = reported?.ActiveVersion,
            Previous = reported?.Rollout,
            Agents = RolloutObserver.Read(key, store.Cache.Snapshot, status, records, versions, options.HostName),
            Now = time.GetUtcNow(),
            RequestedAt = rollouts?.RequestedAt(key),
        });
        foreach (var e in rollout.Events)
        {
            events.Record(key, e.Type, e.Reason, e.Message);
        }

        metrics.SetRollout(key.Name, rollout.Status);
        return rollout;
    }

    /// <summary>Versions the rollout has agents run or go back to: never pruned while it stands, whether or not an agent runs them now.</summary>
    private static IEnumerable<string> PinnedVersions(ImageRolloutStatus? rollout) =>
        rollout is null ? [] : [rollout.Version, .. rollout.Agents.Select(e => e.Version), .. rollout.Agents.Select(e => e.From).OfType<string>()];

    private static (string Status, string Reason, string Message) RolledOut(ImageRolloutStatus? rollout) => rollout switch
    {
        null => (ConditionStatus.False, ImageReasons.NoVersion, "no version to run yet"),
        { Phase: RolloutPhases.Complete } => (ConditionStatus.True, ImageReasons.RolloutComplete, rollout.Message ?? ""),
        { Phase: RolloutPhases.Failed } => (ConditionStatus.False, ImageReasons.RolloutFailed, rollout.Message ?? ""),
        { Phase: RolloutPhases.Waiting } => (ConditionStatus.False, ImageReasons.RolloutWaiting, rollout.Message ?? ""),
        _ => (ConditionStatus.False, ImageReasons.RolloutProgressing, rollout.Message ?? ""),
    };
}
