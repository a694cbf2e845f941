namespace SacOperator.Model;

/// <summary>Where quota usage is read and the thresholds that make an account exhausted.</summary>
public sealed record QuotaSpec
{
    /// <summary><c>none</c> or <c>claude-usage</c>.</summary>
    public string Source { get; init; } = "none";

    /// <summary>Used fraction of the 5-hour window (0–100) at which the account counts as exhausted.</summary>
    public double FiveHourPercent { get; init; } = 95;

    /// <summary>Used fraction of the 7-day window (0–100) at which the account counts as exhausted.</summary>
    public double SevenDayPercent { get; init; } = 95;

    /// <summary>Time between quota readings.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(5);
}
