using SacOperator.Engine;
using SacOperator.Model;
using SacOperator.Status;
using SacOperator.Stores;

namespace SacOperator.Inventory;

/// <summary>
/// For kinds whose controller is not part of this release (Image, Host, Account): validates and
/// lists them, so <c>sacop get</c> shows them and bad files are reported with their errors.
/// </summary>
public sealed class PassiveReconciler(IResourceStore store, IStatusWriter status, TimeProvider time) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        var desired = store.Cache.Snapshot.Get(key);
        if (desired is null)
        {
            await status.DeleteAsync(key, null, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var generation = status.GenerationOf(key, desired);
        var condition = new Condition
        {
            Type = AgentConditions.SpecValid,
            Status = ConditionStatus.Of(desired.IsValid),
            Reason = desired.IsValid ? "Valid" : "InvalidSpec",
            Message = desired.IsValid ? "" : desired.ErrorSummary,
            ObservedGeneration = generation,
            LastTransitionTime = (status.Current(key)?.Conditions.FirstOrDefault() is { } before && before.Status == ConditionStatus.Of(desired.IsValid))
                ? before.LastTransitionTime
                : time.GetUtcNow(),
        };
        ResourceStatus reported = key.Kind switch
        {
            ResourceKinds.Image => new ImageStatus(),
            ResourceKinds.Host => new HostStatus(),
            _ => new AccountStatus(),
        };
        reported = reported with
        {
            ObservedGeneration = generation,
            Phase = desired.IsValid ? "Accepted" : AgentPhases.Invalid,
            Reason = condition.Reason,
            Message = desired.IsValid ? $"validated; no {key.Kind} controller runs in this release" : desired.ErrorSummary,
            Conditions = [condition],
        };
        await status.WriteAsync(key, desired, reported, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }
}
