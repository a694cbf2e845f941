namespace SacOperator.Model;

public sealed record AgentStatus : ResourceStatus
{
    /// <summary>Restarts since the agent was first started (never reset).</summary>
    public int RestartCount { get; init; }

    /// <summary>Host pid of the agent process while it runs.</summary>
    public int? Pid { get; init; }

    /// <summary>The Apptainer instance: sac-&lt;name&gt;, or sac-&lt;namespace&gt;-&lt;name&gt; in Kubernetes mode.</summary>
    public string? InstanceName { get; init; }

    /// <summary>The runtime the current process was started with.</summary>
    public string? Runtime { get; init; }

    /// <summary>The host running the agent (set by placement before it starts).</summary>
    public string? Host { get; init; }

    /// <summary>The Account resource the current (or last) run uses.</summary>
    public string? Account { get; init; }

    /// <summary>When the current process started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Exit code of the last exit; absent when a signal ended it or it is unknown.</summary>
    public int? LastExitCode { get; init; }

    /// <summary>When the process last exited.</summary>
    public DateTimeOffset? LastExitTime { get; init; }

    /// <summary>When the next restart is due while backing off.</summary>
    public DateTimeOffset? NextRestartTime { get; init; }

    /// <summary>What the agent's Claude Code session stream said (only agents whose stream is followed).</summary>
    public AgentSessionStatus? Session { get; init; }

    /// <summary>Where the desired state came from (file path, or "kubernetes").</summary>
    public string? Source { get; init; }
}
