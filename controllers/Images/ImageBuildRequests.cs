using System.Collections.Concurrent;
using SacOperator.Engine;
using SacOperator.Model;

namespace SacOperator.Images;

/// <summary>
/// Builds asked for with <c>sacop image build</c>, by the time they were asked; the planner honours
/// one by starting a build that begins after it. Held in memory: a request taken by an operator
/// that dies before building is lost and has to be repeated.
/// </summary>
public sealed class ImageBuildRequests(KeyChannel channel)
{
    private readonly ConcurrentDictionary<ResourceKey, DateTimeOffset> _requests = new();

    public void Request(ResourceKey key, DateTimeOffset at)
    {
        _requests.AddOrUpdate(key, at, (_, previous) => previous > at ? previous : at);
        channel.Enqueue(key);
    }

    public DateTimeOffset? ForcedAt(ResourceKey key) => _requests.TryGetValue(key, out var at) ? at : null;
}
