using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SacOperator.Engine;
using SacOperator.Model;

namespace SacOperator.Agents;

/// <summary>
/// Agents asked to leave their Host (<c>sacop drain</c>): at its next reconcile such an agent is
/// placed again as if new, among the hosts that fit now (the drained one is cordoned). Taken once;
/// when no other Host fits the agent stays where it is.
/// </summary>
public sealed class PlacementMoves([FromKeyedServices(ResourceKinds.Agent)] KeyChannel agents)
{
    private readonly ConcurrentDictionary<ResourceKey, byte> _pending = new();

    public void Request(ResourceKey key)
    {
        _pending[key] = 0;
        agents.Enqueue(key);
    }

    public bool Take(ResourceKey key) => _pending.TryRemove(key, out _);
}
