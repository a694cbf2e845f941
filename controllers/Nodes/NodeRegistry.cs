namespace SacOperator.Nodes;

/// <summary>
/// The nodes by host name. Only the local node exists today. A host that resolves to no node is
/// served by the local node: an Agent placed elsewhere is never started here (the planner sees it
/// is not placed here), and what it left on this machine is stopped here, as before nodes existed.
/// </summary>
public sealed class NodeRegistry
{
    private readonly Dictionary<string, INode> _byName;

    public NodeRegistry(INode local, IEnumerable<INode>? others = null)
    {
        Local = local;
        _byName = new Dictionary<string, INode>(StringComparer.OrdinalIgnoreCase) { [local.Name] = local };
        foreach (var node in others ?? [])
        {
            _byName[node.Name] = node;
        }
    }

    public INode Local { get; }

    public INode Resolve(string? host) =>
        host is { Length: > 0 } name && _byName.TryGetValue(name, out var node) ? node : Local;
}
