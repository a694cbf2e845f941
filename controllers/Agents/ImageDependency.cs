namespace SacOperator.Agents;

/// <param name="Reference">The spec's <c>image</c>.</param>
/// <param name="Artifact">What it resolves to on the agent's node (SIF path, sandbox, URI); null when not found there.</param>
/// <param name="Digest">sha256 of the SIF; null while unknown (being hashed) or for sandboxes and URIs.</param>
/// <param name="Ready">False only when the reference names an Image resource that has no artifact on this node yet.</param>
/// <param name="Reason">The Image's status reason when not ready.</param>
/// <param name="Message">The Image's status message when not ready.</param>
/// <param name="Pinned">The Image's rollout gave the agent this version (decision 0026): start from <paramref name="Artifact"/>, not from what <c>current</c> points at.</param>
public sealed record ImageDependency(string Reference, string? Artifact, string? Digest, bool Ready = true, string? Reason = null, string? Message = null, bool Pinned = false);
