namespace SacOperator.Model;

public sealed record AgentStatus : ResourceStatus
{
    /// <summary>Restarts since the agent was first started (never reset).</summary>
    public int RestartCount { get; init; }

    /// <summary>Host pid of the agent process while it runs.</summary>
    public int? Pid { get; init; }

    public string? InstanceName { get; init; }

    public string? Runtime { get; init; }

    public string? Host { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public int? LastExitCode { get; init; }

    public DateTimeOffset? LastExitTime { get; init; }

    /// <summary>When the next restart is due while backing off.</summary>
    public DateTimeOffset? NextRestartTime { get; init; }

    /// <summary>Where the desired state came from (file path, or "kubernetes").</summary>
    public string? Source { get; init; }
}
