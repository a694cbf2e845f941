using SacOperator.Stores;

namespace SacOperator.Tests.TestSupport;

/// <summary>
/// Wraps the real store and holds back its initial sync until the test calls <see cref="Release"/>:
/// the store reads its files as usual, but nobody sees it synced before then. A per-instance
/// seam, so parallel tests do not affect each other.
/// </summary>
public sealed class GatedStore(IResourceStore inner) : IResourceStore
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => inner.Name;

    public ResourceCache Cache => inner.Cache;

    public bool HasSynced => _gate.Task.IsCompleted && inner.HasSynced;

    public string? NotSyncedReason => _gate.Task.IsCompleted
        ? inner.NotSyncedReason
        : $"store '{Name}' has not finished its initial sync";

    public void Release() => _gate.TrySetResult();

    public async Task WaitForSyncAsync(CancellationToken cancellationToken)
    {
        await _gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        await inner.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task RunAsync(CancellationToken cancellationToken) => inner.RunAsync(cancellationToken);
}
