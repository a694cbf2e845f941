namespace SacOperator.Model;

/// <summary>Where credentials live. Exactly one field is set; the secret itself is never copied into status.</summary>
public sealed record CredentialRef
{
    /// <summary>A Claude config directory (bound as a directory, never as a single file).</summary>
    public string? Directory { get; init; }

    /// <summary>A credentials file (bound read-only).</summary>
    public string? File { get; init; }

    /// <summary>Name of an environment variable of the operator holding an API key.</summary>
    public string? EnvVar { get; init; }

    /// <summary>A key of a Kubernetes Secret in the Account's namespace.</summary>
    public SecretKeyRef? SecretRef { get; init; }
}
