namespace SacOperator.Nodes;

public enum ProcessStatus
{
    /// <summary>No process is recorded for the agent.</summary>
    NotStarted,

    Running,

    /// <summary>Running but stopped by SIGSTOP (state T).</summary>
    Frozen,

    Exited,

    /// <summary>Cannot tell (for example /proc unreadable); never a reason to start or kill.</summary>
    Unknown,
}
