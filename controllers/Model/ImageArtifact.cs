namespace SacOperator.Model;

/// <summary>One built version of an image.</summary>
public sealed record ImageArtifact
{
    /// <summary>Version label of the build.</summary>
    public required string Version { get; init; }

    /// <summary>The SIF file or sandbox directory.</summary>
    public required string Path { get; init; }

    /// <summary>Digest of the SIF file.</summary>
    public string? Sha256 { get; init; }

    /// <summary>When it was built.</summary>
    public DateTimeOffset? BuiltAt { get; init; }
}
