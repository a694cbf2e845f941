namespace SacOperator.Operator.Cli;

/// <summary>kubectl-style short ages: 45s, 12m, 3h, 2d.</summary>
public static class Age
{
    public static string Format(TimeSpan age) => age.TotalSeconds switch
    {
        < 0 => "0s",
        < 120 => $"{(int)age.TotalSeconds}s",
        < 7200 => $"{(int)age.TotalMinutes}m",
        < 172800 => $"{(int)age.TotalHours}h",
        _ => $"{(int)age.TotalDays}d",
    };

    public static string Since(DateTimeOffset? at, DateTimeOffset now) => at is { } t ? Format(now - t) : "<none>";
}
