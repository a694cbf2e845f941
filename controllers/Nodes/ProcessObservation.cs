namespace SacOperator.Nodes;

/// <summary>What is known about the agent's recorded process right now.</summary>
public sealed record ProcessObservation(ProcessStatus Status)
{
    public static readonly ProcessObservation NotStarted = new(ProcessStatus.NotStarted);

    public int? ExitCode { get; init; }

    public int? Signal { get; init; }

    public DateTimeOffset? ExitedAt { get; init; }

    public string? Detail { get; init; }

    public bool IsAlive => Status is ProcessStatus.Running or ProcessStatus.Frozen;

    /// <summary>Shell convention: exit code, or 128 + signal; null when unknown (adopted process).</summary>
    public int? Code => ExitCode ?? (Signal is { } s ? 128 + s : null);
}
