using System.Collections.Immutable;
using SacOperator.Model;

namespace SacOperator.Stores;

/// <summary>An immutable view of all desired state at one moment.</summary>
public sealed class ResourceSnapshot(ImmutableDictionary<ResourceKey, StoredResource> items)
{
    public static readonly ResourceSnapshot Empty = new(ImmutableDictionary<ResourceKey, StoredResource>.Empty);

    public ImmutableDictionary<ResourceKey, StoredResource> Items { get; } = items;

    public int Count => Items.Count;

    public StoredResource? Get(ResourceKey key) => Items.GetValueOrDefault(key);

    public IEnumerable<StoredResource> OfKind(string kind) => Items.Values.Where(r => r.Key.Kind == kind);
}
