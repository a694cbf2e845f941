using System.Collections.Immutable;
using SacOperator.Model;

namespace SacOperator.Stores;

/// <summary>
/// Holds the current snapshot and tells subscribers which keys changed. Writers build a new
/// immutable snapshot and swap it in atomically, so readers never see a half-applied update and
/// never need a lock.
/// </summary>
public sealed class ResourceCache
{
    private readonly Lock _writeLock = new();
    private readonly KeySubscribers _subscribers = new();
    private ResourceSnapshot _snapshot = ResourceSnapshot.Empty;

    public ResourceSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Reports a subscriber that threw while being notified of a key.</summary>
    public event Action<ResourceKey, Exception>? SubscriberFailed
    {
        add => _subscribers.Failed += value;
        remove => _subscribers.Failed -= value;
    }

    public IDisposable Subscribe(Action<ResourceKey> onChange) => _subscribers.Subscribe(onChange);

    /// <summary>Applies upserts (non-null) and removals (null); notifies only keys whose content hash changed.</summary>
    public IReadOnlyList<ResourceKey> Apply(IEnumerable<KeyValuePair<ResourceKey, StoredResource?>> changes)
    {
        var changed = new List<ResourceKey>();
        lock (_writeLock)
        {
            var builder = _snapshot.Items.ToBuilder();
            foreach (var (key, value) in changes)
            {
                if (value is null)
                {
                    if (builder.Remove(key))
                    {
                        changed.Add(key);
                    }
                }
                else if (!builder.TryGetValue(key, out var existing) || !Same(existing, value))
                {
                    builder[key] = value;
                    changed.Add(key);
                }
            }

            if (changed.Count > 0)
            {
                Volatile.Write(ref _snapshot, new ResourceSnapshot(builder.ToImmutable()));
            }
        }

        // One failing subscriber must not starve the others or stop the store.
        _subscribers.Notify(changed);
        return changed;
    }

    /// <summary>Replaces everything (a full relist); keys absent from <paramref name="items"/> are removed.</summary>
    public IReadOnlyList<ResourceKey> Replace(IReadOnlyDictionary<ResourceKey, StoredResource> items)
    {
        var current = Snapshot.Items;
        var changes = items.Select(kv => new KeyValuePair<ResourceKey, StoredResource?>(kv.Key, kv.Value))
            .Concat(current.Keys.Where(k => !items.ContainsKey(k)).Select(k => new KeyValuePair<ResourceKey, StoredResource?>(k, null)));
        return Apply(changes.ToList());
    }

    private static bool Same(StoredResource a, StoredResource b) =>
        a.ContentHash == b.ContentHash && a.Source == b.Source && a.Line == b.Line
        && a.Diagnostics.SequenceEqual(b.Diagnostics);
}
