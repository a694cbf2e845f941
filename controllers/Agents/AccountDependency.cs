namespace SacOperator.Agents;

/// <param name="Name">The Account resource.</param>
/// <param name="Phase">Its status phase, null when it has no status yet.</param>
/// <param name="CredentialIdentity">Non-secret fingerprint of where its credentials are (never the secret).</param>
public sealed record AccountDependency(string Name, string? Phase, string? CredentialIdentity);
