using System.Globalization;
using SacOperator.Hosts;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.Serialization;

namespace SacOperator.RemoteNodes;

public sealed partial class SshNode
{
    /// <summary>
    /// Sends the launch (on stdin) to <c>sacop node start</c>. Only its explicit refusal (exit 3,
    /// with a reason) is an <see cref="AgentStartException"/>. Anything else that is not an answer
    /// (no answer, ssh failing, any other exit: the remote side may fail after its spawn) is a
    /// <see cref="RemoteNodeException"/>: the launch may run, and the caller's record of its
    /// launch id is how it is found.
    /// </summary>
    public async Task<StartedAgent> StartAsync(string runtime, AgentLaunch launch, CancellationToken cancellationToken)
    {
        // instance.json and the pid file of a remote run are kept here too, as for a local one.
        launch.Paths.EnsureRuntimeDir();
        var result = await CallAsync("start", [], ModelJson.Serialize(RemoteLaunch.From(runtime, launch)), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == NodeExitCodes.StartRefused)
        {
            var refused = Parse<RemoteStartFailure>(result.StandardOutput, "start");
            throw new AgentStartException(refused.Reason, refused.Message);
        }

        if (!result.Succeeded)
        {
            throw new RemoteNodeException(HostReasons.ProbeFailed, $"'sacop node start' failed on host '{Name}' (the launch is looked for again): {result.Summary}");
        }

        var started = Parse<RemoteStarted>(result.StandardOutput, "start");
        var handle = new ProcessHandle(started.Pid, started.StartTicks);
        _started[handle] = Volatile.Read(ref _issued);
        _known.TryAdd(handle, 0);
        return new StartedAgent(handle, started.InstanceStarted);
    }

    public async Task CleanupAsync(string runtime, string instanceName, CancellationToken cancellationToken)
    {
        if (runtime == AgentRuntimes.Local)
        {
            // Nothing of a plain process outlives it.
            return;
        }

        Expect(await CallAsync("cleanup", ["--runtime", runtime, "--instance", instanceName], null, cancellationToken).ConfigureAwait(false), "cleanup");
    }

    public async Task<CommandResult> ExecAsync(string runtime, AgentLaunch launch, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var input = ModelJson.Serialize(new RemoteExec(RemoteLaunch.From(runtime, launch), command, timeout));
        var result = Expect(await CallAsync("exec", [], input, cancellationToken, timeout).ConfigureAwait(false), "exec");
        return Parse<CommandResult>(result.StandardOutput, "exec");
    }

    /// <summary>
    /// A fresh observation, not the cached one: this decides whether a launch whose pid was never
    /// recorded runs. "None" is answered only when the host's <c>sacop node start</c> of that launch
    /// is not running either (it may outlive our ssh client and spawn later): while it is, this
    /// throws, and the launch is looked for again on the next pass.
    /// </summary>
    public IReadOnlyList<MarkedProcess> LaunchMembers(string launchId)
    {
        ObserveOnceAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (Outage is { } outage)
        {
            throw new RemoteNodeException(outage.Reason, outage.Message);
        }

        var snapshot = _snapshot!;
        var members = snapshot.Processes.Where(p => p.Marker.LaunchId == launchId).ToList();
        return members.Count == 0 && snapshot.Observation.Starting.Contains(launchId, StringComparer.Ordinal)
            ? throw new RemoteNodeException(RemoteNodeException.StartInProgress, $"the start of launch {launchId} is still running on host '{Name}'")
            : members;
    }

    /// <remarks>No answer throws: the caller's pass fails before it records a signal it cannot know was sent.</remarks>
    public bool Signal(int pid, long startTicks, int signal) => SignalVerb(pid, startTicks, signal, group: true);

    public bool SignalFound(MarkedProcess process, int signal) => SignalVerb(process.Handle.Pid, process.Handle.StartTicks, signal, group: false);

    public IReadOnlyList<int> StopStrays(IReadOnlyList<MarkedProcess> processes, TimeSpan grace)
    {
        var signalled = new List<MarkedProcess>();
        foreach (var process in processes)
        {
            try
            {
                if (SignalFound(process, LibC.SIGTERM))
                {
                    SignalFound(process, LibC.SIGCONT);
                    signalled.Add(process);
                    if (KeyOf(process.Marker.Agent) is { } key)
                    {
                        _stopping[process.Handle] = key;
                    }
                }
            }
            catch (RemoteNodeException)
            {
                // Unknown is not dead: found again by the next answer, it is stopped again. The
                // ones signalled already still get their SIGKILL below.
                Forget(process);
            }
        }

        if (signalled.Count > 0)
        {
            _ = KillAfterAsync(signalled, grace);
        }

        return [.. signalled.Select(p => p.Handle.Pid)];
    }

    /// <summary>Returns null when the host does not answer (a tail is a courtesy of a status message).</summary>
    public string? TailLog(string path, long from)
    {
        try
        {
            var result = Call("tail", ["--file", RelativeToHome(path), "--from", from.ToString(CultureInfo.InvariantCulture)], null);
            return result.Succeeded && result.StandardOutput.Length > 0 ? result.StandardOutput : null;
        }
        catch (RemoteNodeException)
        {
            return null;
        }
    }

    /// <remarks>
    /// Decides whether a start resumes the recorded session: a host that does not answer throws
    /// (the start is retried), never "not mentioned", which would begin a second session.
    /// </remarks>
    public bool OutputMentions(AgentPaths paths, string text) =>
        Expect(Call("mentions", ["--agent", AgentIdOf(paths)], text), "mentions").StandardOutput.Trim() == "true";

    public long BeginRun(AgentPaths paths)
    {
        var result = Expect(Call("begin-run", ["--agent", AgentIdOf(paths)], null), "begin-run");
        return long.Parse(result.StandardOutput.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The text goes on the channel's stdin; false when the FIFO has no reader or the host does not answer.</summary>
    public bool WriteStdin(AgentPaths paths, string text)
    {
        try
        {
            return Call("stdin", ["--agent", AgentIdOf(paths)], text) is { Succeeded: true } result && result.StandardOutput.Trim() == "true";
        }
        catch (RemoteNodeException)
        {
            return false;
        }
    }

    private bool SignalVerb(int pid, long startTicks, int signal, bool group)
    {
        string[] arguments =
        [
            "--pid", pid.ToString(CultureInfo.InvariantCulture),
            "--ticks", startTicks.ToString(CultureInfo.InvariantCulture),
            "--signal", signal.ToString(CultureInfo.InvariantCulture),
            .. group ? (string[])["--group"] : [],
        ];
        return Expect(Call("signal", arguments, null), "signal").StandardOutput.Trim() == "true";
    }

    private async Task KillAfterAsync(IReadOnlyList<MarkedProcess> processes, TimeSpan grace)
    {
        await Task.Delay(grace, time).ConfigureAwait(false);
        foreach (var process in processes)
        {
            try
            {
                SignalFound(process, LibC.SIGKILL);
            }
            catch (RemoteNodeException)
            {
                // Unknown is not dead: the next answer that lists it reports it found, and the reconciler stops it again.
                Forget(process);
            }

            _stopping.TryRemove(process.Handle, out _);
        }
    }

    /// <summary>Lets the next answer that lists <paramref name="process"/> report it as found again.</summary>
    private void Forget(MarkedProcess process) => _known.TryRemove(process.Handle, out _);

    private CommandResult Expect(CommandResult result, string verb) =>
        result.Succeeded ? result : throw new RemoteNodeException(HostReasons.ProbeFailed, $"'sacop node {verb}' failed on host '{Name}': {result.Summary}");

    private CommandResult Call(string verb, IReadOnlyList<string> arguments, string? input) =>
        CallAsync(verb, arguments, input, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>One verb over the Host's master connection, with a deadline; ssh's own failures and silence are <see cref="RemoteNodeException"/>.</summary>
    private async Task<CommandResult> CallAsync(string verb, IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken, TimeSpan extra = default)
    {
        PrivateFiles.EnsureDirectory(options.ControlDirectory);
        var argv = NodeCommandLine.Argv(options.Ssh, Spec, options.ControlDirectory, verb, arguments);
        var timeout = options.CommandTimeout + (Spec.Ssh ?? new SshSpec()).ConnectTimeout + extra;
        CommandResult result;
        try
        {
            result = await runner.RunAsync(argv, input, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (CommandTimeoutException)
        {
            throw new RemoteNodeException(HostReasons.ProbeTimeout, $"host '{Name}' gave no answer to 'sacop node {verb}' within {timeout.TotalSeconds:0.#}s");
        }
        catch (SpawnException e)
        {
            throw new RemoteNodeException(HostReasons.ProbeFailed, e.Message);
        }

        return result.ExitCode == 255
            ? throw new RemoteNodeException(HostReasons.Unreachable, $"host '{Name}' unreachable: {result.Summary}")
            : result;
    }
}
