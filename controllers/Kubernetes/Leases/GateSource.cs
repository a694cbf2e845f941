using SacOperator.Engine;
using SacOperator.Model;

namespace SacOperator.Kubernetes.Leases;

/// <summary>
/// Holds a controller's workers back until <see cref="Gate"/> opens (its Lease is held): as a
/// source it delivers no keys and counts as synced only then.
/// </summary>
public sealed class GateSource(Gate gate) : IEventSource
{
    public IDisposable Start(Action<ResourceKey> enqueue) => NoSubscription.Instance;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => gate.Opened.WaitAsync(cancellationToken);
}
