namespace SacOperator.Model;

public sealed record AccountStatus : ResourceStatus
{
    /// <summary>Used percent of the 5-hour window at the last reading.</summary>
    public double? FiveHourUsedPercent { get; init; }

    /// <summary>Used percent of the 7-day window at the last reading.</summary>
    public double? SevenDayUsedPercent { get; init; }

    /// <summary>When the 5-hour window resets.</summary>
    public DateTimeOffset? FiveHourResetsAt { get; init; }

    /// <summary>When the 7-day window resets.</summary>
    public DateTimeOffset? SevenDayResetsAt { get; init; }

    /// <summary>When the credentials expire.</summary>
    public DateTimeOffset? CredentialExpiresAt { get; init; }

    /// <summary>When the quota reading in this status was taken (not when it was read by the operator).</summary>
    public DateTimeOffset? LastReadingTime { get; init; }

    /// <summary>When an Exhausted or Expired account is expected to be usable again, if known.</summary>
    public DateTimeOffset? AvailableAt { get; init; }

    /// <summary>Agents whose status says they run on this account.</summary>
    public IReadOnlyList<string> Agents { get; init; } = [];
}
