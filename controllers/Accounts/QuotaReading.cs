namespace SacOperator.Accounts;

/// <summary>
/// One quota reading of an account: used percent and reset time per window, and when the reading
/// was taken at its source (sac's <c>written_at</c>, the command's run). Unknown values are null.
/// </summary>
public sealed record QuotaReading
{
    public required DateTimeOffset TakenAt { get; init; }

    public double? FiveHourPercent { get; init; }

    public double? SevenDayPercent { get; init; }

    public DateTimeOffset? FiveHourResetsAt { get; init; }

    public DateTimeOffset? SevenDayResetsAt { get; init; }
}
