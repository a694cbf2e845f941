using System.Collections.Concurrent;
using SacOperator.Model;

namespace SacOperator.Agents;

/// <summary>
/// Per-agent numbers the metrics read on scrape (phase, up, heartbeat age), updated by the
/// reconciler. Reading them costs nothing between scrapes.
/// </summary>
public sealed class FleetView
{
    private readonly ConcurrentDictionary<ResourceKey, AgentSample> _agents = new();

    public void Update(ResourceKey key, AgentSample sample) => _agents[key] = sample;

    public void Remove(ResourceKey key) => _agents.TryRemove(key, out _);

    public IReadOnlyCollection<KeyValuePair<ResourceKey, AgentSample>> Agents => _agents.ToArray();
}

/// <param name="HeartbeatFile">Read at scrape time to report the current heartbeat age.</param>
public sealed record AgentSample(string Phase, bool Up, string? HeartbeatFile, DateTimeOffset? StartedAt);
