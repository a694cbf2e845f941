namespace SacOperator.Agents;

/// <param name="Reference">The spec's <c>image</c>.</param>
/// <param name="Artifact">What it resolves to on the agent's node (SIF path, sandbox, URI); null when not found there.</param>
/// <param name="Digest">sha256 of the SIF; null while unknown (being hashed) or for sandboxes and URIs.</param>
public sealed record ImageDependency(string Reference, string? Artifact, string? Digest);
