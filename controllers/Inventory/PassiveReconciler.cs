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
        var condition = Conditions.Next(status.Current(key)?.Conditions, AgentConditions.SpecValid, ConditionStatus.Of(desired.IsValid),
            desired.IsValid ? "Valid" : SpecValidity.InvalidReason, desired.IsValid ? "" : desired.ErrorSummary, generation, time.GetUtcNow());
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
