namespace SacOperator.Model;

/// <summary>A key of a Kubernetes Secret.</summary>
public sealed record SecretKeyRef
{
    /// <summary>Name of the Secret.</summary>
    public required string Name { get; init; }

    /// <summary>Key within the Secret.</summary>
    public string Key { get; init; } = "credentials";
}
