namespace SacOperator.Model;

public sealed record QuotaSpec
{
    /// <summary><c>none</c> or <c>claude-usage</c>.</summary>
    public string Source { get; init; } = "none";

    /// <summary>Used fraction of the 5-hour window (0–100) at which the account counts as exhausted.</summary>
    public double FiveHourPercent { get; init; } = 95;

    public double SevenDayPercent { get; init; } = 95;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(5);
}
