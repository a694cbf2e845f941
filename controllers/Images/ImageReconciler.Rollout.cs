using SacOperator.Model;
using SacOperator.State;
using SacOperator.Stores;

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

    /// <summary>
    /// Reports the rollout's pins before <c>current</c> moves (decision 0026). An agent follows
    /// <c>current</c> while its Image reports no rollout (the first switch after an upgrade from a
    /// release without rollouts): reconciled between the switch and the status write, or after an
    /// operator killed there, it would start on the new version before its turn, be pinned back and
    /// move again. Only the pins and the versions on disk are new in this write; the active version
    /// and the rest stay what <c>current</c> still says until the status written after the switch.
    /// A failed write stops the reconcile before the switch, which the next one retries.
    /// </summary>
    /// <returns>False when the switch must wait: no rollout could be planned (the agents' records cannot be read) and none is reported.</returns>
    private async Task<bool> PinBeforeSwitchAsync(ResourceKey key, StoredResource desired, ImagePlan plan, ImageRolloutStatus? rollout,
        IReadOnlyList<BuiltVersion> onDisk, CancellationToken cancellationToken)
    {
        if (plan.SwitchTo is null)
        {
            return true;
        }

        if (rollout is null)
        {
            return false;
        }

        // With no status reported, no rollout was under way and none starts (every agent follows current, as before rollouts).
        if (status.Current(key) is ImageStatus reported)
        {
            var pinned = reported with { Rollout = rollout, Versions = [.. onDisk.Select(v => v.Artifact)] };
            await status.WriteAsync(key, desired, pinned, cancellationToken).ConfigureAwait(false);
        }

        return true;
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
