using System.Collections.Concurrent;
using SacOperator.Model;
using SacOperator.Serialization;
using SacOperator.State;
using SacOperator.Stores;

namespace SacOperator.Status;

/// <summary>
/// Status into the state DB, through an in-memory copy of each row so unchanged status costs no
/// write (an idle fleet writes nothing). Generations are derived: +1 whenever the spec hash changes.
/// </summary>
public sealed class LocalStatusWriter(StateStore state, TimeProvider time) : IStatusWriter
{
    private readonly ConcurrentDictionary<ResourceKey, ResourceRow?> _rows = new();

    public long GenerationOf(ResourceKey key, StoredResource? desired)
    {
        if (desired?.Resource is not { } resource)
        {
            return Row(key)?.Generation ?? 0;
        }

        if (resource.Metadata.Generation > 0)
        {
            return resource.Metadata.Generation;
        }

        var row = Row(key);
        var hash = SpecHashes.Spec(resource);
        return row is null ? 1 : row.SpecHash == hash ? row.Generation : row.Generation + 1;
    }

    public ResourceStatus? Current(ResourceKey key) =>
        Row(key)?.StatusJson is { } json ? ModelJson.DeserializeStatus(key.Kind, json) : null;

    public Task WriteAsync(ResourceKey key, StoredResource? desired, ResourceStatus status, CancellationToken cancellationToken)
    {
        var row = Row(key);
        var resource = desired?.Resource;
        var objectJson = resource is null ? row?.ObjectJson : ModelJson.Serialize(resource);
        var specHash = resource is null ? row?.SpecHash : SpecHashes.Spec(resource);
        var statusJson = ModelJson.Serialize((object)status);
        var source = desired?.Source ?? row?.Source;
        if (row is not null && row.StatusJson == statusJson && row.ObjectJson == objectJson && row.Source == source)
        {
            return Task.CompletedTask;
        }

        var updated = new ResourceRow
        {
            Key = key,
            Source = source,
            SpecHash = specHash,
            Generation = GenerationOf(key, desired),
            ObjectJson = objectJson,
            StatusJson = statusJson,
            CreatedAt = row?.CreatedAt ?? default,
        };
        state.PutResource(updated);
        _rows[key] = updated with { CreatedAt = row?.CreatedAt ?? time.GetUtcNow() };
        return Task.CompletedTask;
    }

    public Task DeleteAsync(ResourceKey key, StoredResource? desired, CancellationToken cancellationToken)
    {
        if (Row(key) is null)
        {
            return Task.CompletedTask;
        }

        state.DeleteResource(key);
        _rows[key] = null;
        return Task.CompletedTask;
    }

    public Task EnsureFinalizerAsync(StoredResource desired, CancellationToken cancellationToken) => Task.CompletedTask;

    private ResourceRow? Row(ResourceKey key) => _rows.GetOrAdd(key, k => state.GetResource(k));
}
