namespace SacOperator.Model;

/// <summary>
/// What an agent's record keeps as the image it was started from, for a built version: its sha256,
/// or for a sandbox directory (never hashed) its path, which is unique per version.
/// </summary>
public static class ArtifactIdentity
{
    public static string Of(ImageArtifact artifact) => artifact.Sha256 ?? "path:" + artifact.Path;
}
