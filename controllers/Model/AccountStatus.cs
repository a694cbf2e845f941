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
}
