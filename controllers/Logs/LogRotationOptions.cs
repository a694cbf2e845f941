namespace SacOperator.Logs;

/// <summary>When agents' output files are rotated and how many rotated generations are kept.</summary>
public sealed record LogRotationOptions
{
    public const long DefaultMaxBytes = 64L << 20;

    /// <summary>Smaller limits would rotate a few blocks at a time.</summary>
    public const long MinimumMaxBytes = 64L << 10;

    /// <summary>A live file this size or larger is rotated.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>Rotated generations kept beside the live file (<c>.1</c> newest … <c>.N</c> oldest); at least 1.</summary>
    public int MaxFiles { get; init; } = 3;

    /// <summary>How often running agents' files are checked (one stat per file).</summary>
    public TimeSpan CheckPeriod { get; init; } = TimeSpan.FromSeconds(5);
}
