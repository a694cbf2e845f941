using SacOperator.Model;

namespace SacOperator.Accounts;

/// <summary>Everything <see cref="AccountRules.Evaluate"/> decides on: the spec, what was read, what agents reported.</summary>
public sealed record AccountInputs
{
    public required AccountSpec Spec { get; init; }

    public required DateTimeOffset Now { get; init; }

    public long Generation { get; init; }

    /// <summary>The quota reading for <c>sac-cache</c> and <c>command</c>; null for <c>none</c> and <c>stream</c>.</summary>
    public QuotaReadResult? Quota { get; init; }

    /// <summary>OAuth access-token expiry; null when unknown or not OAuth.</summary>
    public DateTimeOffset? CredentialExpiresAt { get; init; }

    /// <summary>Why the credentials could not be checked (missing or unreadable file).</summary>
    public string? CredentialProblem { get; init; }

    /// <summary>When the credentials file was last written (a refresh or a new login clears an authentication failure).</summary>
    public DateTimeOffset? CredentialsWrittenAt { get; init; }

    public AccountSignal? RateLimited { get; init; }

    public AccountSignal? AuthenticationFailed { get; init; }

    public IReadOnlyList<Condition>? PreviousConditions { get; init; }

    public IReadOnlyList<string> Agents { get; init; } = [];
}
