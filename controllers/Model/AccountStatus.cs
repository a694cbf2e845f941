namespace SacOperator.Model;

public sealed record AccountStatus : ResourceStatus
{
    public double? FiveHourUsedPercent { get; init; }

    public double? SevenDayUsedPercent { get; init; }

    public DateTimeOffset? FiveHourResetsAt { get; init; }

    public DateTimeOffset? SevenDayResetsAt { get; init; }

    public DateTimeOffset? CredentialExpiresAt { get; init; }
}
