namespace SacOperator.Model;

/// <summary>Kubernetes-shaped object metadata; only the fields SacOperator reads or writes.</summary>
public sealed record ObjectMeta
{
    public static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    public required string Name { get; init; }

    /// <summary>Null in directory mode.</summary>
    public string? Namespace { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = NoLabels;

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = NoLabels;

    /// <summary>Bumped on every spec change; in directory mode derived from the spec hash history.</summary>
    public long Generation { get; init; }

    public string? Uid { get; init; }

    public string? ResourceVersion { get; init; }

    public DateTimeOffset? CreationTimestamp { get; init; }

    /// <summary>Set by the API server once deletion was requested and finalizers still hold the object.</summary>
    public DateTimeOffset? DeletionTimestamp { get; init; }

    public IReadOnlyList<string> Finalizers { get; init; } = [];
}
