namespace SacOperator.Benchmarks;

/// <summary>Everything measured for one fleet size (the JSON written to docs/benchmarks.json).</summary>
public sealed record SizeResult
{
    public required int Agents { get; init; }

    public ColdStart? Cold { get; init; }

    public Stats? SpecChangeMs { get; init; }

    public Stats? CrashRestartMs { get; init; }

    public IdleCost? Idle { get; init; }

    public ChurnResult? Churn { get; init; }

    public RestartResult? OperatorRestart { get; init; }

    public PeerResult? Supervisord { get; init; }

    /// <summary>Why supervisord was not run at this size, when it was not.</summary>
    public string? SupervisordSkipped { get; init; }

    public Stats? FloorSeconds { get; init; }

    public List<string> Notes { get; init; } = [];
}

/// <param name="AllStartedSeconds">Operator launch → every agent process has started.</param>
/// <param name="AllRunningSeconds">Operator launch → every agent reported Running in status.</param>
public sealed record ColdStart(Stats AllStartedSeconds, Stats AllRunningSeconds, double PeakRssMb, double CpuSeconds);

public sealed record IdleCost(double CpuPercentOfOneCore, double RssMb, double DbWritesPerMinute, double WindowSeconds);

/// <param name="Backlog">Agents not yet at their latest spec generation, sampled once a second.</param>
public sealed record ChurnResult(int ChangesIssued, double Seconds, double ConvergedPerSecond, int MaxBacklog, double CatchUpSeconds, Stats BacklogSamples)
{
    /// <summary>Agents still not running their latest spec when the catch-up limit ran out.</summary>
    public int Unconverged { get; init; }
}

public sealed record RestartResult(double AdoptAllSeconds, int Duplicates, int Agents);

public sealed record PeerResult(Stats StartAllSeconds, Stats CrashRestartMs, IdleCost Idle);
