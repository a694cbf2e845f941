using SacOperator.Logs;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.Runtime;

namespace SacOperator.RemoteNodes;

/// <summary>
/// The remote side of an ssh node: what <c>sacop node &lt;verb&gt;</c> does on the host that runs
/// the agents, with this machine's own code (decision 0025). Every fact it reports is local to it:
/// the spawn, the launch marker, <c>(pid, start ticks)</c> identity. Verbs that touch a process take
/// its identity and refuse (answer false) when the pid now belongs to another process.
/// </summary>
public sealed class NodeVerbs(string home, RuntimeRegistry runtimes, LogRotator logs)
{
    /// <summary>The operator home of this machine's agents (absolute).</summary>
    public string Home { get; } = home;

    /// <summary><c>~</c> and <c>~/…</c> are the user's home (the command line came through ssh quoted, unexpanded).</summary>
    public static string ExpandHome(string home, string userHome) =>
        home == "~" ? userHome
        : home.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(userHome, home[2..])
        : Path.GetFullPath(home);

    /// <summary>
    /// Takes the launch's start lock (<see cref="StartLock"/>), to be held from before
    /// <see cref="StartAsync"/> until its answer is printed; an <see cref="IOException"/> when a
    /// start of that launch already runs.
    /// </summary>
    public StartLock HoldStart(string launchId) => StartLock.Take(Home, launchId);

    /// <summary>Spawns the agent through the runtime (own session, the marker with the caller's launch id); throws <see cref="AgentStartException"/>.</summary>
    public async Task<RemoteStarted> StartAsync(RemoteLaunch remote, CancellationToken cancellationToken)
    {
        var launch = remote.ToLaunch(Home);
        var started = await runtimes.Get(remote.Runtime).StartAsync(launch, cancellationToken).ConfigureAwait(false);
        return new RemoteStarted(started.Process.Pid, started.Process.StartTicks, started.InstanceStarted);
    }

    /// <summary>Every live marked process of this home, the launches still starting, and the heartbeat of each agent that has processes.</summary>
    public RemoteObservation Observe(IReadOnlyList<RemoteLiveness>? watched = null)
    {
        var digest = LaunchMarker.HomeDigest(Home);
        // Before the scan: a start that ends in between is then listed as starting or by its process.
        var starting = StartLock.InProgress(Home);
        var processes = new List<RemoteProcess>();
        foreach (var found in ProcessScanner.Scan(digest))
        {
            if (found.Handle.Stat is not { IsZombie: false } stat)
            {
                continue;
            }

            processes.Add(new RemoteProcess
            {
                Agent = found.Marker.Agent,
                LaunchId = found.Marker.LaunchId,
                SpecHash = found.Marker.SpecHash,
                Runtime = found.Marker.Runtime,
                Pid = found.Handle.Pid,
                StartTicks = found.Handle.StartTicks,
                ProcessGroup = found.ProcessGroup,
                Session = found.Session,
                Stopped = stat.IsStopped,
            });
        }

        var heartbeats = new List<RemoteHeartbeat>();
        foreach (var agent in processes.Select(p => p.Agent).Distinct(StringComparer.Ordinal))
        {
            if (TryPaths(agent) is { } paths && HeartbeatReading.Read(paths.Heartbeat) is { } reading)
            {
                heartbeats.Add(new RemoteHeartbeat(agent, reading.Timestamp, reading.State));
            }
        }

        // Recorded runs are answered by identity too, as the local node does: a marker that cannot
        // be read (a leader that replaced its environment) is not an exit.
        var alive = (watched ?? [])
            .Where(w => processes.All(p => p.Pid != w.Pid || p.StartTicks != w.StartTicks))
            .Select(w => ProcStat.Read(w.Pid) is { IsZombie: false } stat && stat.StartTicks == w.StartTicks ? new RemoteLiveness(w.Pid, w.StartTicks, stat.IsStopped) : null)
            .OfType<RemoteLiveness>()
            .ToList();
        return new RemoteObservation { Home = digest, Processes = processes, Heartbeats = heartbeats, Starting = starting, Alive = alive };
    }

    /// <summary>
    /// Signals the process <c>(pid, start ticks)</c> names: its whole group when it leads one (the
    /// agent), else only itself (a stray). False when it is gone or the pid is someone else's now.
    /// </summary>
    public static bool Signal(int pid, long startTicks, int signal, bool group)
    {
        var handle = new ProcessHandle(pid, startTicks);
        if (handle.Stat is not { IsZombie: false } stat)
        {
            return false;
        }

        var target = group && stat.ProcessGroup == pid ? -pid : pid;
        return LibC.kill(target, signal) == 0;
    }

    /// <summary>Writes to the agent's stdin FIFO; false when nobody holds it open.</summary>
    public bool WriteStdin(string agent, string text) => Fifo.TryWrite(Paths(agent).Stdin, text);

    /// <summary>Rotates the agent's logs before a run; returns where this run's stderr starts.</summary>
    public long BeginRun(string agent)
    {
        var paths = Paths(agent);
        logs.TryRotate(paths.Session);
        logs.TryRotate(paths.Stderr);
        return File.Exists(paths.Stderr) ? new FileInfo(paths.Stderr).Length : 0;
    }

    /// <summary>Whether the agent's output (session.jsonl and its generations) ever carried <paramref name="text"/>.</summary>
    public bool OutputMentions(string agent, string text) => LogSearch.Contains(Paths(agent).Session, text);

    /// <summary>The last lines of a file under the home (a path relative to it; nothing outside it is read).</summary>
    public string? Tail(string relativePath, long from) => LogTail.Read(InsideHome(relativePath), from);

    public Task CleanupAsync(string runtime, string instanceName, CancellationToken cancellationToken) =>
        runtimes.Get(runtime).CleanupAsync(instanceName, cancellationToken);

    public Task<CommandResult> ExecAsync(RemoteLaunch remote, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken) =>
        runtimes.Get(remote.Runtime).ExecAsync(remote.ToLaunch(Home) with { Marker = null }, command, timeout, cancellationToken);

    private AgentPaths Paths(string agent) => AgentPaths.For(Home, RemoteAgents.KeyOf(agent));

    private AgentPaths? TryPaths(string agent)
    {
        try
        {
            return Paths(agent);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private string InsideHome(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(Home, relativePath));
        var root = Path.GetFullPath(Home).TrimEnd('/') + "/";
        return full.StartsWith(root, StringComparison.Ordinal)
            ? full
            : throw new ArgumentException($"'{relativePath}' is outside the operator home", nameof(relativePath));
    }
}
