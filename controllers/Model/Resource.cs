namespace SacOperator.Model;

/// <summary>
/// Base of the four kinds. Instances are immutable snapshots: reconcilers build new ones with
/// <c>with</c> and never mutate what a store or cache handed them.
/// </summary>
public abstract record Resource
{
    public string ApiVersion { get; init; } = ResourceKinds.ApiVersion;

    public abstract string Kind { get; }

    public required ObjectMeta Metadata { get; init; }

    public ResourceKey Key => new(Kind, Metadata.Namespace ?? "", Metadata.Name);

    /// <summary>The spec as an object, for hashing and printing without knowing the kind.</summary>
    public abstract object SpecObject { get; }

    public abstract ResourceStatus? StatusObject { get; }
}
