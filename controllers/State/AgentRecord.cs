using SacOperator.Model;

namespace SacOperator.State;

/// <summary>
/// The Agent controller's durable bookkeeping for one agent: which process it started (pid plus
/// kernel start time, because pids are reused), and the restart/backoff history that must
/// survive an operator crash.
/// </summary>
public sealed record AgentRecord
{
    public required ResourceKey Key { get; init; }

    public required string InstanceName { get; init; }

    public required string Runtime { get; init; }

    /// <summary>The process believed alive; null once its exit was recorded.</summary>
    public int? Pid { get; init; }

    /// <summary>Start time of <see cref="Pid"/> in clock ticks since boot (<c>/proc/PID/stat</c> field 22).</summary>
    public long? StartTicks { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Length of stderr.log when the current run started: its tail is read from here on.</summary>
    public long StderrOffset { get; init; }

    /// <summary>
    /// The launch of the current (or last) process, also carried in its environment. It is written
    /// durably before the process is spawned, so a launch is never unknown to the next operator.
    /// </summary>
    public string? LaunchId { get; init; }

    /// <summary>The launch was recorded but its pid not yet: after a crash, look for the process by <see cref="LaunchId"/>.</summary>
    public bool Launching { get; init; }

    /// <summary>
    /// The node (host name) the current run or launch is on; null in records of older versions
    /// (then the spec's host decides). A run is observed and stopped where it runs, even once the
    /// agent is placed elsewhere (decision 0025).
    /// </summary>
    public string? Node { get; init; }

    /// <summary>Leader (and process group) of the last exited run, to find what it left behind.</summary>
    public int? LastPid { get; init; }

    /// <summary>When leftovers of the last run were sent SIGTERM (SIGKILL follows after the grace period).</summary>
    public DateTimeOffset? LeftoverTermSentAt { get; init; }

    /// <summary>Hash of the spec fields that shaped the running process.</summary>
    public string? SpecHash { get; init; }

    /// <summary>An Apptainer instance was started for this agent and not yet stopped.</summary>
    public bool InstanceStarted { get; init; }

    public int RestartCount { get; init; }

    public int ConsecutiveFailures { get; init; }

    public int? LastExitCode { get; init; }

    public DateTimeOffset? LastExitAt { get; init; }

    public TimeSpan? LastUptime { get; init; }

    /// <summary>An exit was recorded but the restart decision (which needs a valid spec) is still to be made.</summary>
    public bool ExitPending { get; init; }

    /// <summary>Stop intent in force when the last process exited (null: it exited on its own).</summary>
    public string? LastExitIntent { get; init; }

    /// <summary>Last lines of the agent's stderr at its last exit (redacted).</summary>
    public string? LastStderrTail { get; init; }

    public bool CrashLooping { get; init; }

    /// <summary>Consecutive failed start attempts (runtime errors, missing image…), for their own backoff.</summary>
    public int StartFailures { get; init; }

    public string? LastStartErrorReason { get; init; }

    public string? LastStartError { get; init; }

    /// <summary>
    /// A start failed at this time and its retry is not scheduled yet. The executor records the
    /// failure; the planner alone turns it into <see cref="NextStartAt"/> and clears this.
    /// </summary>
    public DateTimeOffset? StartFailedAt { get; init; }

    /// <summary>Earliest time the next start may happen (backoff deadline).</summary>
    public DateTimeOffset? NextStartAt { get; init; }

    /// <summary>Why the operator is stopping the process (a stop for a change is not a failure).</summary>
    public string? StopIntent { get; init; }

    public DateTimeOffset? TermSentAt { get; init; }

    public bool KillSent { get; init; }

    public bool Frozen { get; init; }

    /// <summary>Latest restart request handled (from <c>sacop restart</c>); a process started before it is restarted.</summary>
    public DateTimeOffset? RestartRequestedAt { get; init; }

    /// <summary>Restarts in the crash-loop window, newest last.</summary>
    public IReadOnlyList<RestartEntry> RecentRestarts { get; init; } = [];

    /// <summary>Set when the agent will not be started again without a spec change (Completed, RestartLimitExceeded…).</summary>
    public string? GaveUpReason { get; init; }

    /// <summary>Spec hash at the time of giving up: a changed spec gets a fresh start.</summary>
    public string? GaveUpSpecHash { get; init; }

    /// <summary>Digest of the image this run was started from (null: unknown, or recorded by an older operator).</summary>
    public string? ImageDigest { get; init; }

    /// <summary>
    /// Claude Code session the operator chose for a <c>session: fresh</c> agent. Written with the
    /// launch intent, before the spawn, so a crash between the two reuses the same id.
    /// </summary>
    public string? SessionId { get; init; }

    /// <summary>
    /// A process was started (or adopted) on <see cref="SessionId"/>: later starts resume it
    /// (<c>--resume</c>) instead of creating it (<c>--session-id</c>), and skip the startup prompts.
    /// </summary>
    public bool SessionStarted { get; init; }

    /// <summary>When startup prompts were written to the current run's stdin: it owes a <c>system/init</c> within health.startTimeout.</summary>
    public DateTimeOffset? PromptsSentAt { get; init; }

    /// <summary>When the current run's stalled turn was interrupted (SIGINT); still stalled after the grace period, it is restarted.</summary>
    public DateTimeOffset? StallInterruptedAt { get; init; }

    /// <summary>The session error kind already reported (event) for the current run, so each is reported once.</summary>
    public string? SessionErrorReported { get; init; }

    /// <summary>Credential identity of the Account this run was started with (non-secret; null: none or unknown).</summary>
    public string? CredentialIdentity { get; init; }
}
