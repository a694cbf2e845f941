using SacOperator.Model;
using SacOperator.Stores;

namespace SacOperator.Engine;

/// <summary>
/// Desired-state changes of one kind from a store, as they are: every key of that kind the store
/// holds is reconciled at start, and again whenever its content changes or it disappears.
/// </summary>
public sealed class StoreSource(IResourceStore store, string kind) : IEventSource
{
    public IDisposable Start(Action<ResourceKey> enqueue) => store.Cache.Subscribe(key =>
    {
        if (key.Kind == kind)
        {
            enqueue(key);
        }
    });

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => store.WaitForSyncAsync(cancellationToken);

    public Task<IEnumerable<ResourceKey>> InitialKeysAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IEnumerable<ResourceKey>>([.. store.Cache.Snapshot.OfKind(kind).Select(r => r.Key)]);
}
