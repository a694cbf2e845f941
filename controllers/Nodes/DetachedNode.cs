using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.Sessions;

namespace SacOperator.Nodes;

/// <summary>
/// The node of a run recorded on a host that no longer resolves to a node (its ssh Host resource
/// was deleted, became invalid or now says <c>local</c>). Nothing about that run can be known from
/// here, so the node is in permanent outage (decision 0025): the run is Unknown, never exited, and
/// nothing is started, stopped or adopted through it. Serving such a run from the local node
/// instead would read a remote pid in this machine's process table, call it exited and start the
/// agent a second time elsewhere.
/// </summary>
public sealed class DetachedNode(string name) : INode
{
    public string Name { get; } = name;

    public string HomeDigest => "";

    public NodeOutage Outage { get; } = new(
        "HostNotFound",
        $"host '{name}' is no longer an ssh Host of this operator (its Host resource was deleted, is invalid or now says local); restore it so what runs there is observed again");

    NodeOutage? INode.Outage => Outage;

    public RuntimeCheck Check(string runtime) => RuntimeCheck.Ok;

    public Task<StartedAgent> StartAsync(string runtime, AgentLaunch launch, CancellationToken cancellationToken) =>
        throw new AgentStartException(Outage.Reason, Outage.Message);

    public Task CleanupAsync(string runtime, string instanceName, CancellationToken cancellationToken) =>
        throw Unanswerable();

    public Task<CommandResult> ExecAsync(string runtime, AgentLaunch launch, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken) =>
        throw Unanswerable();

    public ProcessObservation Observe(ResourceKey key, int? pid, long? startTicks) =>
        pid is null ? ProcessObservation.NotStarted : new ProcessObservation(ProcessStatus.Unknown) { Detail = Outage.Message };

    /// <remarks>Unknown counts as alive: it never authorises a start.</remarks>
    public bool IsAlive(int pid, long startTicks) => true;

    public bool Signal(int pid, long startTicks, int signal) => throw Unanswerable();

    public bool TryMarkAnnounced(ResourceKey key, int pid, long startTicks) => false;

    public void Release(int? pid, long? startTicks)
    {
        // Nothing is held for runs nobody can observe.
    }

    public IReadOnlyList<MarkedProcess> TakeFound(ResourceKey key) => [];

    /// <remarks>Never "none": a launch that cannot be looked for is not given up.</remarks>
    public IReadOnlyList<MarkedProcess> LaunchMembers(string launchId) => throw Unanswerable();

    public bool GroupHasMembers(int processGroup) => true;

    public IReadOnlyList<MarkedProcess> Leftovers(ResourceKey key, string launchId, int processGroup, string specHash, string runtime) => [];

    public string? PrepareCgroup(ResourceKey key) => null;

    public void RemoveCgroup(ResourceKey key)
    {
        // Agent cgroups exist only on this machine.
    }

    public IReadOnlyList<int> StopStrays(IReadOnlyList<MarkedProcess> processes, TimeSpan grace) => [];

    public IReadOnlyList<MarkedProcess> StoppingStrays(ResourceKey key) => [];

    public bool SignalFound(MarkedProcess process, int signal) => false;

    public HeartbeatReading? ReadHeartbeat(AgentPaths paths) => null;

    public string? TailLog(string path, long from) => null;

    public long BeginRun(AgentPaths paths) => throw Unanswerable();

    public bool WriteStdin(AgentPaths paths, string text) => false;

    public bool OutputMentions(AgentPaths paths, string text) => throw Unanswerable();

    public SessionFollower? FollowSession(AgentPaths paths, SessionCheckpoint from) => null;

    public ResolvedImage? ResolveImage(string image, string? specDirectory) => null;

    public string? CredentialIdentityOf(CredentialRef credentials) => null;

    private InvalidOperationException Unanswerable() => new(Outage.Message);
}
