namespace SacOperator.Agents;

public enum AgentAction
{
    None,

    /// <summary>Start a process (first start, restart after backoff, or after a stop for a change).</summary>
    Start,

    /// <summary>SIGTERM to the process group (SIGCONT too if frozen); SIGKILL follows after the grace period.</summary>
    Terminate,

    Kill,

    Freeze,

    Thaw,

    /// <summary>Stop the Apptainer instance left behind by a stopped agent.</summary>
    Cleanup,

    /// <summary>Delete the record and status of an agent whose spec is gone and whose process is stopped.</summary>
    Forget,
}
