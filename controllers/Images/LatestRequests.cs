using System.Collections.Concurrent;
using SacOperator.Engine;
using SacOperator.Model;

namespace SacOperator.Images;

/// <summary>
/// Requests left by the CLI for an Image (through the state DB), kept as the newest request time
/// per key; each request raises the key. Held in memory: what a request started is then in the
/// Image's status, so only a request taken by an operator that died before acting on it is lost.
/// </summary>
public abstract class LatestRequests(KeyChannel channel)
{
    private readonly ConcurrentDictionary<ResourceKey, DateTimeOffset> _requests = new();

    public void Request(ResourceKey key, DateTimeOffset at)
    {
        _requests.AddOrUpdate(key, at, (_, previous) => previous > at ? previous : at);
        channel.Enqueue(key);
    }

    protected DateTimeOffset? Latest(ResourceKey key) => _requests.TryGetValue(key, out var at) ? at : null;
}
