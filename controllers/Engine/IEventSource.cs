using SacOperator.Model;

namespace SacOperator.Engine;

/// <summary>
/// Something that puts keys into one controller's queue (controller-runtime's Source and its
/// handler in one): a store's changes of the controller's kind, status changes of other kinds
/// mapped to dependents, or an injected <see cref="KeyChannel"/>. A source only ever enqueues
/// keys; what changed is read again by the reconcile.
/// </summary>
public interface IEventSource
{
    /// <summary>
    /// Starts delivering keys to <paramref name="enqueue"/>; disposing the result stops it. The
    /// controller starts every source before it waits for any to sync, so nothing is missed in between.
    /// </summary>
    IDisposable Start(Action<ResourceKey> enqueue);

    /// <summary>Completes once the source holds its whole initial picture (a store's first sync); workers wait for every source.</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Keys reconciled once when the controller starts, after every source synced.</summary>
    Task<IEnumerable<ResourceKey>> InitialKeysAsync(CancellationToken cancellationToken) => Task.FromResult(Enumerable.Empty<ResourceKey>());
}
