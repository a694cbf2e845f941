using SacOperator.Model;

namespace SacOperator.Engine;

/// <summary>
/// Turns each key an inner source delivers (a change of another kind) into the keys of the
/// controller's kind that depend on it, read from current state when the change arrives
/// (controller-runtime's EnqueueRequestsFromMapFunc). Dependents are re-enqueued, never
/// reconciled from another controller. The inner source's initial keys are not forwarded.
/// </summary>
public sealed class MappedSource(IEventSource inner, Func<ResourceKey, IEnumerable<ResourceKey>> map) : IEventSource
{
    public IDisposable Start(Action<ResourceKey> enqueue) => inner.Start(changed =>
    {
        foreach (var dependent in map(changed))
        {
            enqueue(dependent);
        }
    });

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => inner.WaitForSyncAsync(cancellationToken);
}
