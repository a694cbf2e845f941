namespace SacOperator.Kubernetes.Crds;

/// <summary>What a CustomResourceDefinition says besides the schema: names and columns.</summary>
public sealed record CrdDefinition
{
    public required string Kind { get; init; }

    /// <summary>The model type (<c>Agent</c>); its <c>Spec</c> and <c>Status</c> properties give the schema.</summary>
    public required Type ModelType { get; init; }

    public required IReadOnlyList<string> ShortNames { get; init; }

    public required IReadOnlyList<PrinterColumn> Columns { get; init; }

    public string Plural => Kind.ToLowerInvariant() + "s";

    public string Singular => Kind.ToLowerInvariant();
}
