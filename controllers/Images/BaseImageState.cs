namespace SacOperator.Images;

/// <summary>The Image a layered image is built on, as found on this host.</summary>
/// <param name="Artifact">The base's active artifact; null while it has none (not built yet, or no such Image).</param>
/// <param name="Digest">Its sha256, or for a sandbox the digest of its version record.</param>
public sealed record BaseImageState(string Name, string? Artifact, string? Digest);
