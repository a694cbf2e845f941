namespace SacOperator.Nodes;

/// <summary>Where the local node resolves images and credentials: the operator's home and environment (<c>~</c> is its <c>HOME</c>).</summary>
public sealed record LocalNodeFiles(string OperatorHome, IReadOnlyDictionary<string, string> Environment)
{
    public ArtifactDigests Digests { get; init; } = new();
}
