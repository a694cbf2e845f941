using SacOperator.Processes;

namespace SacOperator.Runtime;

/// <summary>
/// Runs the agent as a plain host process in its own session — for development, CI and hosts
/// without Apptainer. Not isolated: the agent sees the host filesystem. Without <c>relaxed</c> its
/// environment is clean apart from PATH, HOME, locale and the spec's own variables.
/// </summary>
public sealed class LocalRuntime(IReadOnlyDictionary<string, string> operatorEnvironment, IProcessRunner runner) : IAgentRuntime
{
    public string Name => Model.AgentRuntimes.Local;

    public RuntimeCheck Check() => RuntimeCheck.Ok;

    public Task<StartedAgent> StartAsync(AgentLaunch launch, CancellationToken cancellationToken)
    {
        var paths = launch.Paths;
        var workdir = ResolveWorkdir(launch);
        Fifo.Ensure(paths.Stdin);
        var env = Environment(launch);
        try
        {
            var process = ProcessSpawner.Spawn(new SpawnRequest
            {
                Arguments = AgentCommand.Build(launch.Spec),
                Environment = env,
                WorkingDirectory = workdir,
                StdinPath = paths.Stdin,
                StdoutPath = paths.Session,
                StderrPath = paths.Stderr,
            });
            return Task.FromResult(new StartedAgent(process, InstanceStarted: false));
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
}
