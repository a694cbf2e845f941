namespace SacOperator.Nodes;

/// <summary>
/// The nodes by host name: the local node, fixed others, and those a <see cref="INodeSource"/>
/// knows (ssh Hosts, decision 0025). A host that resolves to no node is served by the local node:
/// an Agent placed elsewhere is never started here (the planner sees it is not placed here), and
/// what it left on this machine is stopped here, as before nodes existed.
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
}
