namespace SacOperator.Model;

/// <summary>Delay between restarts after consecutive failures; sac's defaults (30 s → 300 s, ×2).</summary>
public sealed record BackoffSpec
{
    /// <summary>Delay before the second restart of a failure streak (the first is immediate).</summary>
    public TimeSpan Initial { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest delay between restarts.</summary>
    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Factor the delay grows by after each consecutive failure.</summary>
    public double Multiplier { get; init; } = 2.0;
}
