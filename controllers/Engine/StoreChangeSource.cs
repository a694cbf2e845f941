using SacOperator.Model;
using SacOperator.Stores;

namespace SacOperator.Engine;

/// <summary>
/// Desired-state changes of another kind, for a <see cref="MappedSource"/> to turn into keys of the
/// controller's own kind. Unlike <see cref="StoreSource"/> it adds no initial keys: the dependents
/// are reconciled at start by their own store source anyway.
/// </summary>
public sealed class StoreChangeSource(IResourceStore store, string kind) : IEventSource
{
    public IDisposable Start(Action<ResourceKey> enqueue) => store.Cache.Subscribe(key =>
    {
        if (key.Kind == kind)
        {
            enqueue(key);
        }
    });

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => store.WaitForSyncAsync(cancellationToken);
}
