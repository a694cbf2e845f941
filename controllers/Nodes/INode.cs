using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.Sessions;

namespace SacOperator.Nodes;

/// <summary>
/// A host where agents run, and everything observed there (decision 0015): starting through a
/// runtime, the recorded process's liveness and exit, signals, the agent's files (heartbeat, logs,
/// stdin) and the processes found by launch marker. Reconcilers act on an agent only through its
/// node and never read <c>/proc</c> or the agent's files themselves. Processes are identified by
/// pid and kernel start time: a call with an identity that no longer matches touches nothing.
/// </summary>
public interface INode
{
    /// <summary>The host's name (as Agents and Hosts name it).</summary>
    string Name { get; }

    /// <summary>
    /// Set while the node cannot observe its host (a remote host that does not answer): then its
    /// reads are not facts, and the caller neither records exits nor starts, stops or adopts.
    /// </summary>
    NodeOutage? Outage => null;

    /// <summary>Digest of the operator home that launch markers on this node carry.</summary>
    string HomeDigest { get; }

    /// <summary>Whether <paramref name="runtime"/> can start agents here; throws for a runtime that does not exist.</summary>
    RuntimeCheck Check(string runtime);

    /// <summary>Starts the agent and watches its process for exit; throws <see cref="AgentStartException"/> with a reason when it cannot.</summary>
    Task<StartedAgent> StartAsync(string runtime, AgentLaunch launch, CancellationToken cancellationToken);

    /// <summary>Releases what outlives the agent process (the Apptainer instance). Idempotent.</summary>
    Task CleanupAsync(string runtime, string instanceName, CancellationToken cancellationToken);

    /// <summary>Runs a command in the agent's environment (its instance); exit 0 is success.</summary>
    Task<CommandResult> ExecAsync(string runtime, AgentLaunch launch, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The recorded process now: running, frozen, exited (with its code when known) or not started. Starts watching a live one.</summary>
    ProcessObservation Observe(ResourceKey key, int? pid, long? startTicks);

    bool IsAlive(int pid, long startTicks);

    /// <summary>Signals the process group the recorded process leads; false when it is gone.</summary>
    bool Signal(int pid, long startTicks, int signal);

    /// <summary>True exactly once for a live process this node did not start (an adopted one).</summary>
    bool TryMarkAnnounced(ResourceKey key, int pid, long startTicks);

    /// <summary>Forgets an exit once it is recorded durably.</summary>
    void Release(int? pid, long? startTicks);

    /// <summary>Processes of this agent found by marker since the last take (decision 0012).</summary>
    IReadOnlyList<MarkedProcess> TakeFound(ResourceKey key);

    /// <summary>Live processes of one launch (a scan: only when a run may have left something behind).</summary>
    IReadOnlyList<MarkedProcess> LaunchMembers(string launchId);

    /// <summary>Whether the process group <paramref name="processGroup"/> still has members (cheap).</summary>
    bool GroupHasMembers(int processGroup);

    /// <summary>
    /// Processes a finished run left behind (launch <paramref name="launchId"/>, whose leader led
    /// <paramref name="processGroup"/>): cheap probes first, a scan only when something may be left.
    /// </summary>
    IReadOnlyList<MarkedProcess> Leftovers(ResourceKey key, string launchId, int processGroup, string specHash, string runtime);

    /// <summary>The agent's own cgroup, created, for the next run to enter; null where cgroups are not used.</summary>
    string? PrepareCgroup(ResourceKey key);

    /// <summary>Kills whatever is still in the agent's cgroup and removes it (the agent is deleted).</summary>
    void RemoveCgroup(ResourceKey key);

    /// <summary>SIGTERM now and SIGKILL after <paramref name="grace"/>; returns the pids signalled.</summary>
    IReadOnlyList<int> StopStrays(IReadOnlyList<MarkedProcess> processes, TimeSpan grace);

    /// <summary>Strays of the agent that <see cref="StopStrays"/> signalled and that still live.</summary>
    IReadOnlyList<MarkedProcess> StoppingStrays(ResourceKey key);

    /// <summary>Signals one found process if it is still the one that was found.</summary>
    bool SignalFound(MarkedProcess process, int signal);

    /// <summary>The agent's last heartbeat, or null when it never wrote one.</summary>
    HeartbeatReading? ReadHeartbeat(AgentPaths paths);

    /// <summary>The last lines of a log written from <paramref name="from"/> on, or null.</summary>
    string? TailLog(string path, long from);

    /// <summary>Rotates the agent's logs before a run and returns where this run's stderr starts.</summary>
    long BeginRun(AgentPaths paths);

    /// <summary>Writes to the agent's stdin; false when nobody holds it open.</summary>
    bool WriteStdin(AgentPaths paths, string text);

    /// <summary>Whether the agent's output (session.jsonl and its generations) ever carried <paramref name="text"/>.</summary>
    bool OutputMentions(AgentPaths paths, string text);

    /// <summary>
    /// Follows the agent's session stream (session.jsonl, across rotation) from where
    /// <paramref name="from"/> left it; null while the agent has written no session file.
    /// </summary>
    SessionFollower? FollowSession(AgentPaths paths, SessionCheckpoint from);

    /// <summary>What <paramref name="image"/> resolves to on this node, with its digest when known; null when it cannot be found here.</summary>
    ResolvedImage? ResolveImage(string image, string? specDirectory);

    /// <summary>A non-secret fingerprint of where <paramref name="credentials"/> point on this node (<see cref="Nodes.CredentialIdentity"/>).</summary>
    string? CredentialIdentityOf(CredentialRef credentials);
}
