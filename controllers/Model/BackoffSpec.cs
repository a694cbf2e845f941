namespace SacOperator.Model;

/// <summary>Delay between restarts after consecutive failures; sac's defaults (30 s → 300 s, ×2).</summary>
public sealed record BackoffSpec
{
    public TimeSpan Initial { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(300);

    public double Multiplier { get; init; } = 2.0;
}
