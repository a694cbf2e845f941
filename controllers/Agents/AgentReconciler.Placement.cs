using SacOperator.Model;
using SacOperator.Scheduling;
using SacOperator.State;

namespace SacOperator.Agents;

public sealed partial class AgentReconciler
{
    /// <summary>
    /// Choices made but perhaps not yet in status, so that agents placed at once by parallel
    /// workers see each other (serialised by <see cref="_placing"/>).
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ResourceKey, string> _placed = new();
    private readonly Lock _placing = new();

    /// <summary>
    /// Directory-mode placement of an Agent with a <c>spec.hostSelector</c> and no <c>spec.host</c>
    /// (<see cref="HostPlacement"/>): the agent as run (its spec's host set to the chosen Host), the
    /// Host chosen, or why none fits. An agent placed before keeps its Host even when no Host fits
    /// any more (its process may run there). Kubernetes mode places in its own controller (0006).
    /// </summary>
    private (Agent? Agent, string? PlacedOn, string? Unschedulable) Place(ResourceKey key, Agent? agent)
    {
        if (agent is null || options.Namespaced || agent.Spec.HostSelector is null || agent.Spec.Host is { Length: > 0 })
        {
            _placed.TryRemove(key, out _);
            // Pinned to a Host resource: status.host names that Host (where drain and the Host's agent list look).
            var pinned = agent?.Spec.Host is { Length: > 0 } named && !options.Namespaced
                && store.Cache.Snapshot.Get(new ResourceKey(ResourceKinds.Host, "", named)) is not null ? named : null;
            return (agent, pinned, null);
        }

        string? host;
        PlacementDecision decision;
        lock (_placing)
        {
            var current = _placed.GetValueOrDefault(key) ?? (status.Current(key) as AgentStatus)?.Host;
            var request = HostAllocation.Request(agent.Spec);
            var moving = moves.Take(key);
            decision = HostPlacement.Choose(null, agent.Spec.HostSelector, moving ? null : current, request, Candidates(key));
            host = decision.Host ?? current;
            if (moving)
            {
                events.Record(key, EventTypes.Normal, decision.Host is null ? AgentReasons.Unschedulable : AgentReasons.Moved,
                    decision.Host is null ? $"not moved from '{current}': {decision.Message}" : $"moved from '{current}' to '{decision.Host}' (drain)");
            }
            if (host is not null)
            {
                _placed[key] = host;
            }
        }

        return host is null
            ? (agent, null, decision.Message)
            : (agent with { Spec = agent.Spec with { Host = host } }, host, null);
    }

    /// <summary>The Hosts as placement sees them: labels, Ready condition, cordon, allocatable, and what the other agents placed there take.</summary>
    private List<PlacementCandidate> Candidates(ResourceKey placing)
    {
        var snapshot = store.Cache.Snapshot;
        var agents = snapshot.OfKind(ResourceKinds.Agent)
            .Where(r => r.Key != placing && r.Resource is Agent)
            .Select(r => (Spec: ((Agent)r.Resource!).Spec, Host: ((Agent)r.Resource!).Spec.Host is { Length: > 0 } named
                ? named
                : _placed.GetValueOrDefault(r.Key) ?? (status.Current(r.Key) as AgentStatus)?.Host))
            .ToList();
        var candidates = new List<PlacementCandidate>();
        foreach (var stored in snapshot.OfKind(ResourceKinds.Host))
        {
            if (!stored.IsValid || stored.Resource is not Host host)
            {
                continue;
            }

            var observed = status.Current(stored.Key) as HostStatus;
            var ready = observed?.Conditions.Any(c => c.Type == AgentConditions.Ready && c.Status == ConditionStatus.True) ?? false;
            var placed = agents.Where(a => string.Equals(a.Host, host.Metadata.Name, StringComparison.OrdinalIgnoreCase)).Select(a => a.Spec);
            candidates.Add(new PlacementCandidate(host.Metadata.Name, host.Metadata.Labels, ready, host.Spec.Unschedulable,
                Allocatable(host.Spec.Capacity, observed?.Allocatable), HostAllocation.Of(placed)));
        }

        return candidates;
    }

    /// <summary>The spec's capacity where set (it may be newer than the last probe), else what the probe found.</summary>
    private static HostCapacity Allocatable(HostCapacity spec, HostCapacity? probed) => new()
    {
        Agents = spec.Agents,
        Cpus = spec.Cpus ?? probed?.Cpus,
        Memory = spec.Memory ?? probed?.Memory,
        Gpus = spec.Gpus ?? probed?.Gpus,
    };

    /// <summary>A Host resource whose address is <c>local</c>: this machine, whatever the Host is called.</summary>
    private bool IsLocalHost(string? name) =>
        name is { Length: > 0 }
        && !options.Namespaced
        && store.Cache.Snapshot.Get(new ResourceKey(ResourceKinds.Host, "", name))?.Resource is Host { Spec.Address: var address }
        && (address is "" or "local" or "localhost");
}
