namespace SacOperator.Nodes;

/// <summary>
/// The nodes by host name: the local node, fixed others, and those a <see cref="INodeSource"/>
/// knows (ssh Hosts, decision 0025). A placement that resolves to no node is served by the local
/// node: an Agent placed elsewhere is never started here (the planner sees it is not placed here).
/// A recorded run is resolved by <see cref="ResolveRun"/>, which never guesses "here".
/// </summary>
public sealed class NodeRegistry
{
    private readonly Dictionary<string, INode> _byName;
    private readonly INodeSource? _source;

    public NodeRegistry(INode local, IEnumerable<INode>? others = null, INodeSource? source = null)
    {
        Local = local;
        _source = source;
        _byName = new Dictionary<string, INode>(StringComparer.OrdinalIgnoreCase) { [local.Name] = local };
        foreach (var node in others ?? [])
        {
            _byName[node.Name] = node;
        }
    }

    public INode Local { get; }

    public INode Resolve(string? host) =>
        host is not { Length: > 0 } name ? Local
        : _byName.TryGetValue(name, out var node) ? node
        : _source?.Find(name) ?? Local;

    /// <summary>
    /// The node a recorded run is on. Unlike <see cref="Resolve"/>, a host that resolves to no node
    /// is not served by the local node: a run recorded there is this machine's only when its
    /// <c>(pid, start ticks)</c> is alive here (the machine was known by another name); otherwise it
    /// is on a <see cref="DetachedNode"/>, Unknown until its Host is back.
    /// </summary>
    public INode ResolveRun(string ranOn, int? pid, long? startTicks)
    {
        if (_byName.TryGetValue(ranOn, out var node) || (node = _source?.Find(ranOn)) is not null)
        {
            return node;
        }

        return pid is { } p && startTicks is { } t && Local.IsAlive(p, t) ? Local : new DetachedNode(ranOn);
    }
}
