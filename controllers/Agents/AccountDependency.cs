using SacOperator.Model;

namespace SacOperator.Agents;

/// <param name="Name">The Account resource.</param>
/// <param name="Phase">Its status phase, null when it has no status yet (<see cref="NotFound"/> when no such Account exists).</param>
/// <param name="CredentialIdentity">Non-secret fingerprint of where its credentials are (never the secret).</param>
public sealed record AccountDependency(string Name, string? Phase, string? CredentialIdentity)
{
    /// <summary>Phase of a pool member that names no Account resource: never chosen.</summary>
    public const string NotFound = "NotFound";

    /// <summary>Where the credentials are (a reference, never the secret): what a start on this account binds.</summary>
    public CredentialRef? Credentials { get; init; }

    /// <summary>The status reason (e.g. <c>FiveHourExhausted</c>, <c>SevenDayNearCap</c>).</summary>
    public string? Reason { get; init; }

    /// <summary>The status message, quoted when an agent freezes or moves because of it.</summary>
    public string? Message { get; init; }

    public double? FiveHourUsedPercent { get; init; }

    public double? SevenDayUsedPercent { get; init; }

    /// <summary>When an Exhausted or Expired account is expected back, if known.</summary>
    public DateTimeOffset? AvailableAt { get; init; }

    /// <summary>When it last became Available: thawing agents are staggered from here.</summary>
    public DateTimeOffset? AvailableSince { get; init; }
}
