using SacOperator.Model;
using SacOperator.Status;
using SacOperator.Stores;

namespace SacOperator.Tests.TestSupport;

/// <summary>
/// Decorates the real status writer with hooks run just before and just after each write, so a
/// test can look at the world (disk, what an agent would resolve) between a reconcile's writes,
/// or stop the reconcile right after a write reached the state DB (a stand-in for a kill there).
/// </summary>
public sealed class ObservingStatusWriter(IStatusWriter inner) : IStatusWriter
{
    /// <summary>Runs before the write with the status about to be written; the status last written is still the reported one.</summary>
    public Action<ResourceKey, ResourceStatus>? BeforeWrite { get; init; }

    /// <summary>Runs once the write is durable; an exception thrown here ends the reconcile at that point.</summary>
    public Action<ResourceKey, ResourceStatus>? AfterWrite { get; init; }

    public StatusChanges Changes => inner.Changes;

    public long GenerationOf(ResourceKey key, StoredResource? desired) => inner.GenerationOf(key, desired);

    public ResourceStatus? Current(ResourceKey key) => inner.Current(key);

    public async Task WriteAsync(ResourceKey key, StoredResource? desired, ResourceStatus status, CancellationToken cancellationToken)
    {
        BeforeWrite?.Invoke(key, status);
        await inner.WriteAsync(key, desired, status, cancellationToken);
        AfterWrite?.Invoke(key, status);
    }

    public Task DeleteAsync(ResourceKey key, StoredResource? desired, CancellationToken cancellationToken) => inner.DeleteAsync(key, desired, cancellationToken);

    public Task EnsureFinalizerAsync(StoredResource desired, CancellationToken cancellationToken) => inner.EnsureFinalizerAsync(desired, cancellationToken);
}
