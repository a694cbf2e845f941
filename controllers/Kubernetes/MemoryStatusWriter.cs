using System.Collections.Concurrent;
using SacOperator.Model;
using SacOperator.Status;
using SacOperator.Stores;

namespace SacOperator.Kubernetes;

/// <summary>
/// The "local" half of the cluster-wide controllers' status writer: it remembers what was last
/// reported, in memory only. Cluster-wide status belongs in the API, not in this host's state DB
/// (whose Agent rows are the agents this host runs).
/// </summary>
public sealed class MemoryStatusWriter : IStatusWriter
{
    private readonly ConcurrentDictionary<ResourceKey, ResourceStatus> _statuses = new();

    public StatusChanges Changes { get; } = new();

    public long GenerationOf(ResourceKey key, StoredResource? desired) => desired?.Resource?.Metadata.Generation ?? 0;

    public ResourceStatus? Current(ResourceKey key) => _statuses.GetValueOrDefault(key);

    public Task WriteAsync(ResourceKey key, StoredResource? desired, ResourceStatus status, CancellationToken cancellationToken)
    {
        var previous = _statuses.GetValueOrDefault(key);
        _statuses[key] = status;
        if (!StatusEquality.Same(previous, status))
        {
            Changes.Raise(key);
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(ResourceKey key, StoredResource? desired, CancellationToken cancellationToken)
    {
        if (_statuses.TryRemove(key, out _))
        {
            Changes.Raise(key);
        }

        return Task.CompletedTask;
    }

    public Task EnsureFinalizerAsync(StoredResource desired, CancellationToken cancellationToken) => Task.CompletedTask;
}
