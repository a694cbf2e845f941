using SacOperator.Processes;

namespace SacOperator.Runtime;

/// <summary>
/// Runs the agent as a plain host process in its own session — for development, CI and hosts
/// without Apptainer. Not isolated: the agent sees the host filesystem. Without <c>relaxed</c> its
/// environment is clean apart from PATH, HOME, locale and the spec's own variables.
/// </summary>
/// <para>A sac spec run locally gets what sac gives its agents: its home layers materialised in
/// the runtime directory's <c>home/</c>, which becomes its <c>$HOME</c>, and its startup commands
/// run (with <c>/bin/sh -c</c> in its working directory) before it starts.</para>
public sealed class LocalRuntime(IReadOnlyDictionary<string, string> operatorEnvironment, IProcessRunner runner, TimeProvider? time = null) : IAgentRuntime
{
    public string Name => Model.AgentRuntimes.Local;

    public RuntimeCheck Check() => RuntimeCheck.Ok;

    public async Task<StartedAgent> StartAsync(AgentLaunch launch, CancellationToken cancellationToken)
    {
        var paths = launch.Paths;
        var workdir = ResolveWorkdir(launch);
        Fifo.Ensure(paths.Stdin);
        // Startup commands run without the launch marker: only the agent process is that launch.
        var env = Environment(launch with { Marker = null });
        if (launch.Spec.Sac is not null)
        {
            var homeEnv = LaunchSteps.Home(launch, operatorEnvironment, paths.Home);
            foreach (var (key, value) in homeEnv.Where(e => !launch.Spec.Env.ContainsKey(e.Key) && !e.Key.StartsWith("SAC_", StringComparison.Ordinal)))
            {
                env[key] = value;
            }

            Directory.CreateDirectory(paths.Home);
            env["HOME"] = paths.Home;
            Wire(ClaudeAuth.Resolve(launch.Key.Name, launch.Spec, operatorEnvironment, launch.Credentials), launch.Spec, env);
            await LaunchSteps.StartupCommandsAsync(launch.Spec,
                command => runner.RunAsync(["/bin/sh", "-c", $"cd \"$0\" && {command}", workdir], LaunchSteps.StartupCommandTimeout, env, cancellationToken),
                env, time ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }

        else if (launch.Credentials is not null)
        {
            Wire(ClaudeAuth.Resolve(launch.Key.Name, launch.Spec, operatorEnvironment, launch.Credentials), launch.Spec, env);
        }

        if (launch.Marker is { } marker)
        {
            env[LaunchMarker.Variable] = marker.Format();
        }

        try
        {
            var process = ProcessSpawner.Spawn(new SpawnRequest
            {
                Arguments = AgentCommand.Build(launch.Spec, launch.Session),
                Environment = env,
                WorkingDirectory = workdir,
                StdinPath = paths.Stdin,
                StdoutPath = paths.Session,
                StderrPath = paths.Stderr,
                Cgroup = launch.Cgroup,
            });
            return new StartedAgent(process, InstanceStarted: false);
        }
        catch (SpawnException e)
        {
            throw new AgentStartException(StartFailureReasons.CommandNotFound, e.Message);
        }
    }

    public Task CleanupAsync(string instanceName, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlySet<string>> ListInstancesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(new HashSet<string>());

    public Task<CommandResult> ExecAsync(AgentLaunch launch, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken) =>
        runner.RunAsync(command, timeout, Environment(launch), cancellationToken);

    private Dictionary<string, string> Environment(AgentLaunch launch) =>
        AgentEnvironment.Build(launch, launch.Paths.RuntimeDir, AgentEnvironment.LocalBase(launch.Spec, operatorEnvironment), operatorEnvironment);

    private string ResolveWorkdir(AgentLaunch launch)
    {
        launch.Paths.EnsureRuntimeDir();
        if (launch.Spec.Workdir is not { Length: > 0 } workdir)
        {
            PrivateFiles.CreateDirectory(launch.Paths.Work);
            return launch.Paths.Work;
        }

        var expanded = AgentEnvironment.ExpandPath(workdir, operatorEnvironment);
        var full = Path.IsPathRooted(expanded) ? expanded : Path.GetFullPath(Path.Combine(launch.SpecDirectory ?? System.Environment.CurrentDirectory, expanded));
        return Directory.Exists(full)
            ? full
            : throw new AgentStartException(StartFailureReasons.WorkdirMissing, $"workdir {full} does not exist; create it or change spec.workdir");
    }

    /// <summary>Credentials travel in the environment; the spec's own variables win.</summary>
    private static void Wire(ClaudeAuth.Wiring? auth, Model.AgentSpec spec, Dictionary<string, string> env)
    {
        if (auth is null)
        {
            return;
        }

        foreach (var (key, value) in auth.Environment.Where(e => !spec.Env.ContainsKey(e.Key)))
        {
            env[key] = value;
        }

        if (auth.ConfigDirectory is { } credentials && !spec.Env.ContainsKey("CLAUDE_CONFIG_DIR"))
        {
            env["CLAUDE_CONFIG_DIR"] = credentials;
        }
    }
}
