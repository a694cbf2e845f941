using System.Collections.Concurrent;
using SacOperator.Model;
using SacOperator.Processes;

namespace SacOperator.Nodes;

/// <summary>
/// What the machine shows of this operator home's agent processes, found by their launch marker
/// rather than by any record: the first scan runs before the first reconcile, later ones on the
/// stray sweep. The reconciler takes the processes found for a key once and decides which one is
/// the agent (adopted) and which are strays (stopped).
/// </summary>
public sealed class LaunchInventory
{
    private readonly ConcurrentDictionary<ResourceKey, IReadOnlyList<MarkedProcess>> _pending = new();
    private readonly Lazy<bool> _initial;
    private readonly Lazy<CgroupTree?> _cgroups;

    public LaunchInventory(string operatorHome)
    {
        HomeDigest = LaunchMarker.HomeDigest(operatorHome);
        _cgroups = new Lazy<CgroupTree?>(() =>
        {
            var tree = CgroupTree.Detect(HomeDigest, out var reason);
            CgroupReason = reason;
            return tree;
        });
        _initial = new Lazy<bool>(() =>
        {
            Refresh();
            return true;
        });
    }

    public string HomeDigest { get; }

    /// <summary>This home's cgroup subtree, or null where cgroups cannot be used (<see cref="CgroupReason"/> says why).</summary>
    public CgroupTree? Cgroups => _cgroups.Value;

    public string CgroupReason { get; private set; } = "";

    /// <summary>The agent's own cgroup, or null where there are none.</summary>
    public AgentCgroup? CgroupOf(ResourceKey key) => Cgroups?.For(AgentId(key));

    /// <summary>Keys with processes found by the first scan (runs it if it has not run).</summary>
    public IReadOnlyCollection<ResourceKey> InitialKeys
    {
        get
        {
            _ = _initial.Value;
            return [.. _pending.Keys];
        }
    }

    /// <summary>Scans the machine and replaces what is pending; returns the keys that have processes.</summary>
    public IReadOnlyCollection<ResourceKey> Refresh()
    {
        var byKey = ProcessScanner.Scan(HomeDigest)
            .Select(p => (Key: KeyOf(p.Marker.Agent), Process: p))
            .Where(x => x.Key is not null)
            .GroupBy(x => x.Key!.Value, x => x.Process);
        var keys = new List<ResourceKey>();
        foreach (var group in byKey)
        {
            _pending[group.Key] = [.. group];
            keys.Add(group.Key);
        }

        return keys;
    }

    /// <summary>The processes found for <paramref name="key"/> since the last take (empty when none).</summary>
    public IReadOnlyList<MarkedProcess> Take(ResourceKey key)
    {
        _ = _initial.Value;
        return _pending.TryRemove(key, out var found) ? found : [];
    }

    /// <summary>Live processes of one launch, found by a scan (used only when a run may have left something behind).</summary>
    public IReadOnlyList<MarkedProcess> Members(string launchId) =>
        [.. ProcessScanner.Scan(HomeDigest).Where(p => p.Marker.LaunchId == launchId)];

    public static string AgentId(ResourceKey key) => key.Namespace.Length == 0 ? key.Name : $"{key.Namespace}/{key.Name}";

    private static ResourceKey? KeyOf(string agentId)
    {
        var slash = agentId.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ResourceKey.Agent(agentId) : ResourceKey.Agent(agentId[(slash + 1)..], agentId[..slash]);
    }
}
