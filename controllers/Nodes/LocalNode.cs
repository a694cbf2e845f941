using SacOperator.Logs;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.Sessions;

namespace SacOperator.Nodes;

/// <summary>
/// This machine: agents are host process groups started with <c>posix_spawn</c> (their own
/// session), watched for exit with a pidfd, identified by pid and start time, found by the launch
/// marker in <c>/proc/*/environ</c>; their files are read where the runtime directory is.
/// </summary>
public sealed class LocalNode(
    string name,
    RuntimeRegistry runtimes,
    ProcessTracker processes,
    LaunchInventory inventory,
    StrayReaper reaper,
    LogRotator logs,
    LocalNodeFiles files) : INode
{
    public string Name { get; } = name;

    public string HomeDigest => inventory.HomeDigest;

    public RuntimeCheck Check(string runtime) => runtimes.Get(runtime).Check();

    public async Task<StartedAgent> StartAsync(string runtime, AgentLaunch launch, CancellationToken cancellationToken)
    {
        var started = await runtimes.Get(runtime).StartAsync(launch, cancellationToken).ConfigureAwait(false);
        processes.AddChild(launch.Key, started.Process);
        return started;
    }

    public Task CleanupAsync(string runtime, string instanceName, CancellationToken cancellationToken) =>
        runtimes.Get(runtime).CleanupAsync(instanceName, cancellationToken);

    public Task<CommandResult> ExecAsync(string runtime, AgentLaunch launch, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken) =>
        runtimes.Get(runtime).ExecAsync(launch, command, timeout, cancellationToken);

    public ProcessObservation Observe(ResourceKey key, int? pid, long? startTicks) => processes.Observe(key, pid, startTicks);

    public bool IsAlive(int pid, long startTicks) => new ProcessHandle(pid, startTicks).IsAlive;

    public bool Signal(int pid, long startTicks, int signal) => processes.Signal(pid, startTicks, signal);

    public bool TryMarkAnnounced(ResourceKey key, int pid, long startTicks) => processes.TryMarkAnnounced(key, pid, startTicks);

    public void Release(int? pid, long? startTicks) => processes.Release(pid, startTicks);

    public IReadOnlyList<MarkedProcess> TakeFound(ResourceKey key) => inventory.Take(key);

    public IReadOnlyList<MarkedProcess> LaunchMembers(string launchId) => inventory.Members(launchId);

    public bool GroupHasMembers(int processGroup) => LibC.kill(-processGroup, 0) == 0;

    /// <remarks>
    /// Cgroup members without the marker (descendants that replaced their environment) count too:
    /// the cgroup holds nothing but this agent's runs, and its current run is gone.
    /// </remarks>
    public IReadOnlyList<MarkedProcess> Leftovers(ResourceKey key, string launchId, int processGroup, string specHash, string runtime)
    {
        var cgroup = inventory.CgroupOf(key);
        var inCgroup = cgroup?.Pids() ?? [];
        if (!GroupHasMembers(processGroup) && inCgroup.Count == 0)
        {
            return [];
        }

        var marked = inventory.Members(launchId);
        var unmarked = inCgroup.Where(pid => marked.All(m => m.Handle.Pid != pid)).Select(ProcStat.Read).OfType<ProcStat>()
            .Where(s => !s.IsZombie)
            .Select(s => new MarkedProcess(
                new ProcessHandle(s.Pid, s.StartTicks), s.ProcessGroup, s.Session,
                new LaunchMarker(inventory.HomeDigest, LaunchInventory.AgentId(key), launchId, specHash, runtime)));
        return [.. marked, .. unmarked];
    }

    public string? PrepareCgroup(ResourceKey key) => inventory.CgroupOf(key) is { } cgroup && cgroup.Ensure() ? cgroup.Path : null;

    public void RemoveCgroup(ResourceKey key)
    {
        if (inventory.CgroupOf(key) is { } cgroup)
        {
            cgroup.Kill();
            cgroup.TryRemove();
        }
    }

    public IReadOnlyList<int> StopStrays(IReadOnlyList<MarkedProcess> found, TimeSpan grace) => reaper.Stop(found, grace);

    public IReadOnlyList<MarkedProcess> StoppingStrays(ResourceKey key) => reaper.Stopping(LaunchInventory.AgentId(key));

    public bool SignalFound(MarkedProcess process, int signal) => StrayReaper.Send(process.Handle, signal);

    public HeartbeatReading? ReadHeartbeat(AgentPaths paths) => HeartbeatReading.Read(paths.Heartbeat);

    public string? TailLog(string path, long from) => LogTail.Read(path, from);

    public long BeginRun(AgentPaths paths)
    {
        // Rotate before measuring where this run's stderr starts.
        logs.TryRotate(paths.Session);
        logs.TryRotate(paths.Stderr);
        return File.Exists(paths.Stderr) ? new FileInfo(paths.Stderr).Length : 0;
    }

    public bool WriteStdin(AgentPaths paths, string text) => Fifo.TryWrite(paths.Stdin, text);

    public bool OutputMentions(AgentPaths paths, string text) => LogSearch.Contains(paths.Session, text);

    public SessionFollower? FollowSession(AgentPaths paths, SessionCheckpoint from)
    {
        try
        {
            return SessionFollower.Resume(paths.Session, from);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public ResolvedImage? ResolveImage(string image, string? specDirectory)
    {
        try
        {
            var artifact = ImageResolver.Resolve(image, specDirectory, files.OperatorHome, files.Environment);
            return new ResolvedImage(artifact, File.Exists(artifact) ? files.Digests.Get(artifact) : null);
        }
        catch (AgentStartException)
        {
            // Not found here: the start reports it; as a dependency it is unknown.
            return null;
        }
    }

    public string? CredentialIdentityOf(CredentialRef credentials) => CredentialIdentity.Of(credentials, files.Environment);
}
