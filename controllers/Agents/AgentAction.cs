namespace SacOperator.Agents;

public enum AgentAction
{
    None,

    /// <summary>Start a process (first start, restart after backoff, or after a stop for a change).</summary>
    Start,

    /// <summary>SIGTERM to the process group (SIGCONT too if frozen); SIGKILL follows after the grace period.</summary>
    Terminate,

    Kill,

    /// <summary>SIGINT to the process group: interrupts a stalled Claude Code turn.</summary>
    Interrupt,

    Freeze,

    Thaw,

    /// <summary>Stop the Apptainer instance left behind by a stopped agent.</summary>
    Cleanup,

    /// <summary>SIGTERM (and SIGCONT) to the processes the last run left behind.</summary>
    TerminateLeftovers,

    /// <summary>SIGKILL to the leftovers still alive after the grace period.</summary>
    KillLeftovers,

    /// <summary>Delete the record and status of an agent whose spec is gone and whose process is stopped.</summary>
    Forget,
}
