using SacOperator.Stores;

namespace SacOperator.Kubernetes.Leases;

/// <summary>
/// A store as seen by controllers that may only start once a lease is held: it reports synced
/// only when the store has synced and the gate is open. It does not run the store.
/// </summary>
public sealed class GatedStore(IResourceStore inner, Gate gate) : IResourceStore
{
    public string Name => inner.Name;

    public ResourceCache Cache => inner.Cache;

    public bool HasSynced => inner.HasSynced && gate.IsOpen;

    public async Task WaitForSyncAsync(CancellationToken cancellationToken)
    {
        await inner.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
        await gate.Opened.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
