using System.Collections.Concurrent;
using SacOperator.Model;

namespace SacOperator.Agents;

/// <summary>Latest restart request per agent (from <c>sacop restart</c> or the API); the reconciler compares it with the start time.</summary>
public sealed class RestartRequests
{
    private readonly ConcurrentDictionary<ResourceKey, DateTimeOffset> _latest = new();

    public event Action<ResourceKey>? Requested;

    public void Request(ResourceKey key, DateTimeOffset at)
    {
        _latest.AddOrUpdate(key, at, (_, existing) => at > existing ? at : existing);
        Requested?.Invoke(key);
    }

    public DateTimeOffset? Latest(ResourceKey key) => _latest.TryGetValue(key, out var at) ? at : null;
}
