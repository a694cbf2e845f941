using System.Collections.Concurrent;
using SacOperator.Engine;
using SacOperator.Model;

namespace SacOperator.Images;

/// <summary>
/// <c>sacop image rollout NAME</c> requests, by the time they were asked: a waiting (manual) rollout
/// starts, a failed one tries again, when asked after it last changed. Held in memory like build
/// requests; what a request started is then in the Image's status, so only a request taken by an
/// operator that died before its next reconcile is lost.
/// </summary>
public sealed class ImageRolloutRequests(KeyChannel channel)
{
    private readonly ConcurrentDictionary<ResourceKey, DateTimeOffset> _requests = new();

    public void Request(ResourceKey key, DateTimeOffset at)
    {
        _requests.AddOrUpdate(key, at, (_, previous) => previous > at ? previous : at);
        channel.Enqueue(key);
    }

    public DateTimeOffset? RequestedAt(ResourceKey key) => _requests.TryGetValue(key, out var at) ? at : null;
}
