namespace SacOperator.Nodes;

/// <param name="Artifact">What the runtime would start: a SIF path, a sandbox directory or a URI.</param>
/// <param name="Digest">sha256 of the SIF file; null while it is being computed, and for sandboxes and URIs.</param>
public sealed record ResolvedImage(string Artifact, string? Digest);
