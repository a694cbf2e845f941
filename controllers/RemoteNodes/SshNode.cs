using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.Sessions;

namespace SacOperator.RemoteNodes;

/// <summary>
/// An ssh Host as a node (decision 0025): every action is a <c>sacop node</c> verb run there over
/// the Host's shared ssh connection, answered by that machine's own local code. What runs there is
/// observed by one <c>observe</c> round trip per interval (<see cref="ObserveOnceAsync"/>) and the
/// synchronous reads are answered from that observation. While the host does not answer,
/// <see cref="Outage"/> is set and nothing read here counts as a fact: a process is never reported
/// exited on silence, only when an answer no longer lists it.
/// </summary>
public sealed partial class SshNode(
    string name, HostSpec spec, SshNodeOptions options, ChannelRunner runner, Action<ResourceKey> enqueue, TimeProvider time, ILogger logger) : INode
{
    /// <summary>Processes this node started: the observation number issued before each start returned.</summary>
    private readonly ConcurrentDictionary<ProcessHandle, long> _started = new();
    private readonly ConcurrentDictionary<ProcessHandle, byte> _announced = new();
    private readonly ConcurrentDictionary<ResourceKey, IReadOnlyList<MarkedProcess>> _found = new();
    private readonly ConcurrentDictionary<ResourceKey, byte> _interested = new();
    private readonly ConcurrentDictionary<ProcessHandle, ResourceKey> _stopping = new();

    /// <summary>Recorded runs, asked about by identity in every observe (their marker may not be readable).</summary>
    private readonly ConcurrentDictionary<ProcessHandle, ResourceKey> _watched = new();

    public string Name { get; } = name;

    public HostSpec Spec { get; } = spec;

    public string HomeDigest => _snapshot?.Observation.Home ?? "";

    public NodeOutage? Outage => _outage ?? (_snapshot is null ? new NodeOutage("Observing", $"host '{Name}' has not been observed yet") : null);

    public RuntimeCheck Check(string runtime) => RuntimeCheck.Ok;

    public ProcessObservation Observe(ResourceKey key, int? pid, long? startTicks)
    {
        _interested[key] = 0;
        if (pid is not { } p || startTicks is not { } ticks)
        {
            return ProcessObservation.NotStarted;
        }

        if (Outage is { } outage)
        {
            return new ProcessObservation(ProcessStatus.Unknown) { Detail = $"host '{Name}' does not answer: {outage.Message}" };
        }

        var snapshot = _snapshot!;
        var handle = new ProcessHandle(p, ticks);
        _watched[handle] = key;
        if (snapshot.Stopped(handle) is { } stopped)
        {
            return new ProcessObservation(stopped ? ProcessStatus.Frozen : ProcessStatus.Running);
        }

        // Started after this observation was asked for: not listed yet, not gone.
        return _started.TryGetValue(handle, out var issued) && snapshot.Number <= issued
            ? new ProcessObservation(ProcessStatus.Running)
            : new ProcessObservation(ProcessStatus.Exited) { ExitedAt = snapshot.At };
    }

    /// <remarks>Unknown counts as alive: it never authorises a start or a stop.</remarks>
    public bool IsAlive(int pid, long startTicks) =>
        Outage is not null || _snapshot!.Stopped(new ProcessHandle(pid, startTicks)) is not null
        || (_started.TryGetValue(new ProcessHandle(pid, startTicks), out var issued) && _snapshot.Number <= issued);

    public bool TryMarkAnnounced(ResourceKey key, int pid, long startTicks)
    {
        var handle = new ProcessHandle(pid, startTicks);
        return !_started.ContainsKey(handle) && _announced.TryAdd(handle, 0);
    }

    public void Release(int? pid, long? startTicks)
    {
        if (pid is { } p && startTicks is { } t)
        {
            _started.TryRemove(new ProcessHandle(p, t), out _);
            _announced.TryRemove(new ProcessHandle(p, t), out _);
            _watched.TryRemove(new ProcessHandle(p, t), out _);
        }
    }

    public IReadOnlyList<MarkedProcess> TakeFound(ResourceKey key) => _found.TryRemove(key, out var found) ? found : [];

    public bool GroupHasMembers(int processGroup) => Outage is not null || _snapshot!.Processes.Any(p => p.ProcessGroup == processGroup);

    public IReadOnlyList<MarkedProcess> Leftovers(ResourceKey key, string launchId, int processGroup, string specHash, string runtime) =>
        Outage is not null ? [] : [.. _snapshot!.Processes.Where(p => p.Marker.LaunchId == launchId)];

    public string? PrepareCgroup(ResourceKey key) => null;

    public void RemoveCgroup(ResourceKey key)
    {
        // Agent cgroups are not used on ssh hosts: their processes are found by marker.
    }

    public IReadOnlyList<MarkedProcess> StoppingStrays(ResourceKey key) =>
        Outage is not null
            ? []
            : [.. _snapshot!.Processes.Where(p => _stopping.TryGetValue(p.Handle, out var of) && of == key)];

    public HeartbeatReading? ReadHeartbeat(AgentPaths paths) =>
        _snapshot?.Heartbeats.GetValueOrDefault(AgentIdOf(paths));


    /// <summary>Not followed on ssh hosts yet (decision 0025).</summary>
    public SessionFollower? FollowSession(AgentPaths paths, SessionCheckpoint from) => null;

    /// <summary>Images resolve on the host when the agent starts; as a dependency they are unknown here.</summary>
    public ResolvedImage? ResolveImage(string image, string? specDirectory) => null;

    /// <summary>Credentials are read on the host; their identity is unknown here (never a reason to restart).</summary>
    public string? CredentialIdentityOf(CredentialRef credentials) => null;

    /// <summary><c>name</c> or <c>namespace/name</c>: where the runtime directory sits under the home's <c>runtime/</c>.</summary>
    private string AgentIdOf(AgentPaths paths) =>
        Path.GetRelativePath(paths.Root ?? Path.Combine(options.OperatorHome, "runtime"), paths.RuntimeDir);

    /// <summary>A path under this operator's home, as the same path under the remote home.</summary>
    private string RelativeToHome(string path) => Path.GetRelativePath(Path.GetFullPath(options.OperatorHome), Path.GetFullPath(path));
}
