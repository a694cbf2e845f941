using SacOperator.Model;

namespace SacOperator.Images;

/// <summary>The <c>version.json</c> of a built version: what it is, and what it was built from.</summary>
/// <param name="Base">The base artifact's path when built on another Image (a version of that Image kept as a base is never pruned).</param>
public sealed record BuiltVersion(ImageArtifact Artifact, string? Base = null)
{
    public string Version => Artifact.Version;

    public int Number => Runtime.ImageLayout.NumberOf(Artifact.Version);
}
