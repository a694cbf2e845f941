using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using SacOperator.Model;

namespace SacOperator.Kubernetes;

/// <summary>
/// Latest <see cref="ObservedObject"/> per key, fed by the store's watches and by the answers to
/// our own writes. Either may be momentarily older than the other; writers therefore send the
/// resourceVersion they saw as a precondition and re-read on 409 instead of trusting this blindly.
/// </summary>
public sealed class ObservedObjects
{
    private readonly ConcurrentDictionary<ResourceKey, ObservedObject> _objects = new();

    public ObservedObject? Get(ResourceKey key) => _objects.GetValueOrDefault(key);

    public ObservedObject Set(JsonObject obj)
    {
        var observed = ObservedObject.From(obj);
        _objects[observed.Key] = observed;
        return observed;
    }

    public IEnumerable<ObservedObject> OfKind(string kind) => _objects.Values.Where(o => o.Key.Kind == kind);

    public void Remove(ResourceKey key) => _objects.TryRemove(key, out _);

    /// <summary>After a relist: <paramref name="kind"/> holds exactly <paramref name="current"/>.</summary>
    public void ReplaceKind(string kind, IReadOnlyCollection<ObservedObject> current)
    {
        var keep = current.Select(o => o.Key).ToHashSet();
        foreach (var key in _objects.Keys.Where(k => k.Kind == kind && !keep.Contains(k)))
        {
            _objects.TryRemove(key, out _);
        }

        foreach (var observed in current)
        {
            _objects[observed.Key] = observed;
        }
    }
}
