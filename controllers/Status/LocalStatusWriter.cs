using System.Collections.Concurrent;
using SacOperator.Model;
using SacOperator.Serialization;
using SacOperator.State;
using SacOperator.Stores;

namespace SacOperator.Status;

/// <summary>
/// Status into the state DB. All rows are loaded once at start and kept in memory with their
/// decoded status, so an unchanged status costs no serialisation and no write (an idle fleet
/// writes nothing). Generations are derived: +1 whenever the spec hash changes.
/// </summary>
public sealed class LocalStatusWriter : IStatusWriter
{
    private readonly StateStore _state;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<ResourceKey, Entry> _rows;

    public LocalStatusWriter(StateStore state, TimeProvider time)
    {
        _state = state;
        _time = time;
        _rows = new ConcurrentDictionary<ResourceKey, Entry>(
            ResourceKinds.All.SelectMany(state.ListResources).ToDictionary(r => r.Key, r => new Entry(r, Decode(r))));
    }

    public StatusChanges Changes { get; } = new();

    public long GenerationOf(ResourceKey key, StoredResource? desired)
    {
        var row = _rows.GetValueOrDefault(key)?.Row;
        if (desired?.Resource is not { } resource)
        {
            return row?.Generation ?? 0;
        }

        if (resource.Metadata.Generation > 0)
        {
            return resource.Metadata.Generation;
        }

        var hash = SpecHashes.Spec(resource);
        return row is null ? 1 : row.SpecHash == hash ? row.Generation : row.Generation + 1;
    }

    public ResourceStatus? Current(ResourceKey key) => _rows.GetValueOrDefault(key)?.Status;

    public Task WriteAsync(ResourceKey key, StoredResource? desired, ResourceStatus status, CancellationToken cancellationToken)
    {
        status = StatusText.Capped(status);
        var entry = _rows.GetValueOrDefault(key);
        var row = entry?.Row;
        var resource = desired?.Resource;
        var objectJson = resource is null ? row?.ObjectJson : SpecHashes.Json(resource);
        var source = desired?.Source ?? row?.Source;
        var specHash = resource is null ? row?.SpecHash : SpecHashes.Spec(resource);

        // The stored JSON has secrets masked, so a changed secret shows only in the spec hash.
        if (row is not null && StatusEquality.Same(entry!.Status, status) && row.ObjectJson == objectJson && row.SpecHash == specHash && row.Source == source)
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
            StatusJson = ModelJson.Serialize((object)status),
            CreatedAt = row?.CreatedAt ?? _time.GetUtcNow(),
        };
        _state.PutResource(updated);
        _rows[key] = new Entry(updated, status);
        if (entry is null || !StatusEquality.Same(entry.Status, status))
        {
            Changes.Raise(key);
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(ResourceKey key, StoredResource? desired, CancellationToken cancellationToken)
    {
        if (_rows.TryRemove(key, out _))
        {
            _state.DeleteResource(key);
            Changes.Raise(key);
        }

        return Task.CompletedTask;
    }

    public Task EnsureFinalizerAsync(StoredResource desired, CancellationToken cancellationToken) => Task.CompletedTask;

    private static ResourceStatus? Decode(ResourceRow row) =>
        row.StatusJson is { } json ? ModelJson.DeserializeStatus(row.Key.Kind, json) : null;

    private sealed record Entry(ResourceRow Row, ResourceStatus? Status);
}
