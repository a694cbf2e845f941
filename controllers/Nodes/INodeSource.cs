namespace SacOperator.Nodes;

/// <summary>Nodes that come and go with resources (an ssh Host is a node while its resource exists).</summary>
public interface INodeSource
{
    /// <summary>The node of host <paramref name="host"/>, or null when this source has none by that name.</summary>
    INode? Find(string host);
}
