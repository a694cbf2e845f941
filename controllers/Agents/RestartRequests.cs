using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SacOperator.Engine;
using SacOperator.Model;

namespace SacOperator.Agents;

/// <summary>
/// Latest restart request per agent (from <c>sacop restart</c> or the API); the reconciler compares it
/// with the start time. Each request enqueues the agent through <paramref name="agents"/>.
/// </summary>
public sealed class RestartRequests([FromKeyedServices(ResourceKinds.Agent)] KeyChannel agents)
{
    private readonly ConcurrentDictionary<ResourceKey, DateTimeOffset> _latest = new();

    public void Request(ResourceKey key, DateTimeOffset at)
    {
        _latest.AddOrUpdate(key, at, (_, existing) => at > existing ? at : existing);
        agents.Enqueue(key);
    }

    public DateTimeOffset? Latest(ResourceKey key) => _latest.TryGetValue(key, out var at) ? at : null;
}
