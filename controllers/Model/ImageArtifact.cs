namespace SacOperator.Model;

/// <summary>One built version of an image.</summary>
public sealed record ImageArtifact
{
    /// <summary>Version label of the build.</summary>
    public required string Version { get; init; }

    /// <summary>The SIF file or sandbox directory.</summary>
    public required string Path { get; init; }

    /// <summary>Digest of the SIF file; null for a sandbox directory.</summary>
    public string? Sha256 { get; init; }

    /// <summary>When it was built.</summary>
    public DateTimeOffset? BuiltAt { get; init; }

    /// <summary>Bytes of the SIF file (of every file, for a sandbox).</summary>
    public long? Size { get; init; }

    /// <summary>Digest of what it was built from (def file and the files it copies, base image digest, URI).</summary>
    public string? SourceDigest { get; init; }
}
