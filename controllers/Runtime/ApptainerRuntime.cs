using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using SacOperator.Model;
using SacOperator.Processes;

namespace SacOperator.Runtime;

/// <summary>
/// Production runtime: <c>apptainer instance start</c> (hardened flags, see <see cref="ApptainerArgs"/>),
/// then the agent exec'd into the instance as a host process group in its own session, with its
/// streams on files in the runtime directory. <c>instance list --json</c> is read through a retry
/// and circuit-breaker pipeline and cached briefly so a thousand reconciles cost one CLI call.
/// </summary>
public sealed class ApptainerRuntime : IAgentRuntime
{
    private static readonly TimeSpan CheckCacheTime = TimeSpan.FromSeconds(10);

    private readonly ApptainerOptions _options;
    private readonly IReadOnlyDictionary<string, string> _operatorEnvironment;
    private readonly IProcessRunner _runner;
    private readonly string _operatorHome;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<CommandResult> _listPipeline;
    private readonly SemaphoreSlim _listLock = new(1, 1);
    private (DateTimeOffset At, RuntimeCheck Check, string? Path) _check;
    private (DateTimeOffset At, IReadOnlySet<string> Names)? _listCache;

    public ApptainerRuntime(
        ApptainerOptions options,
        IReadOnlyDictionary<string, string> operatorEnvironment,
        IProcessRunner runner,
        string operatorHome,
        TimeProvider time)
    {
        _options = options;
        _operatorEnvironment = operatorEnvironment;
        _runner = runner;
        _operatorHome = operatorHome;
        _time = time;
        var failed = new PredicateBuilder<CommandResult>()
            .Handle<CommandTimeoutException>()
            .Handle<SpawnException>()
            .HandleResult(r => !r.Succeeded);
        _listPipeline = new ResiliencePipelineBuilder<CommandResult> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<CommandResult>
            {
                FailureRatio = 1.0,
                MinimumThroughput = 5,
                SamplingDuration = TimeSpan.FromSeconds(60),
                BreakDuration = TimeSpan.FromSeconds(30),
                ShouldHandle = failed,
            })
            .AddRetry(new RetryStrategyOptions<CommandResult>
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = failed,
            })
            .Build();
    }

    public string Name => Model.AgentRuntimes.Apptainer;

    public RuntimeCheck Check()
    {
        var now = _time.GetUtcNow();
        if (now - _check.At < CheckCacheTime && _check.Check is not null)
        {
            return _check.Check;
        }

        var path = Locate();
        var check = path is not null
            ? RuntimeCheck.Ok
            : new RuntimeCheck(false,
                $"{_options.Executable} not found on PATH; install Apptainer (https://apptainer.org/docs/admin/main/installation.html), " +
                "load it (for example 'module load apptainer') before starting sacop, or set spec.runtime: local");
        _check = (now, check, path);
        return check;
    }

    public async Task<StartedAgent> StartAsync(AgentLaunch launch, CancellationToken cancellationToken)
    {
        var check = Check();
        if (!check.Available)
        {
            throw new AgentStartException(StartFailureReasons.RuntimeUnavailable, check.Message);
        }

        var apptainer = _check.Path!;
        var spec = launch.Spec;
        var image = launch.ImageArtifact ?? ImageResolver.Resolve(spec.Image!, launch.SpecDirectory, _operatorHome, _operatorEnvironment);
        var paths = launch.Paths;
        var auth = ClaudeAuth.Resolve(launch.Key.Name, spec, _operatorEnvironment, launch.Credentials);
        var binds = LaunchSteps.Binds(spec, _operatorEnvironment, paths);
        if (auth?.ConfigDirectory is { } credentials)
        {
            binds = [.. binds, new BindMount { Source = credentials, Destination = ClaudeAuth.ContainerConfigDir, Mode = "rw" }];
        }

        var overlay = Overlay(spec, launch.SpecDirectory);
        paths.Ensure();
        Fifo.Ensure(paths.Stdin);
        var homeEnv = LaunchSteps.Home(launch, _operatorEnvironment, paths.Home);
        var scratch = LaunchSteps.Scratch(spec, paths);

        // The instance (and startup commands) carry no launch marker: only the agent process exec'd into it is that launch.
        var containerEnv = AgentEnvironment.Build(launch with { Marker = null }, AgentPaths.ContainerStateDir, Layered(homeEnv, auth), _operatorEnvironment);
        var processEnv = ApptainerArgs.ProcessEnvironment(_operatorEnvironment, containerEnv);
        var workdir = spec.Workdir is { Length: > 0 } w ? AgentEnvironment.ExpandPath(w, _operatorEnvironment) : null;

        var running = await ListInstancesAsync(cancellationToken).ConfigureAwait(false);
        var exists = running.Contains(launch.InstanceName);
        if (exists && !launch.ReuseInstance)
        {
            await StopInstanceAsync(apptainer, launch.InstanceName, cancellationToken).ConfigureAwait(false);
            exists = false;
        }

        if (!exists)
        {
            var argv = ApptainerArgs.InstanceStart(apptainer, spec, paths, image, launch.InstanceName, binds, overlay, scratch);
            var result = await _runner.RunAsync(argv, _options.InstanceStartTimeout, processEnv, cancellationToken).ConfigureAwait(false);
            _listCache = null;
            if (!result.Succeeded)
            {
                throw new AgentStartException(StartFailureReasons.InstanceStartFailed, $"apptainer instance start failed: {result.Summary}");
            }
        }

        await LaunchSteps.StartupCommandsAsync(spec,
            command => _runner.RunAsync(ApptainerArgs.Exec(apptainer, spec, launch.InstanceName, ["/bin/sh", "-c", command], workdir),
                _options.StartupCommandTimeout, processEnv, cancellationToken),
            containerEnv, _time, cancellationToken).ConfigureAwait(false);

        try
        {
            var process = ProcessSpawner.Spawn(new SpawnRequest
            {
                Arguments = ApptainerArgs.Exec(apptainer, spec, launch.InstanceName, AgentCommand.Build(spec, launch.Session), workdir),
                Environment = ApptainerArgs.ProcessEnvironment(_operatorEnvironment, WithMarker(containerEnv, launch)),
                WorkingDirectory = paths.RuntimeDir,
                StdinPath = paths.Stdin,
                StdoutPath = paths.Session,
                StderrPath = paths.Stderr,
                Cgroup = launch.Cgroup,
            });
            return new StartedAgent(process, InstanceStarted: true);
        }
        catch (SpawnException e)
        {
            throw new AgentStartException(StartFailureReasons.StartFailed, e.Message);
        }
    }

    /// <summary>The home's <c>.env</c>, then the credentials wiring over it (the spec's own variables go over both).</summary>
    private static Dictionary<string, string> WithMarker(IReadOnlyDictionary<string, string> containerEnv, AgentLaunch launch)
    {
        var env = new Dictionary<string, string>(containerEnv, StringComparer.Ordinal);
        if (launch.Marker is { } marker)
        {
            env[LaunchMarker.Variable] = marker.Format();
        }

        return env;
    }

    private static Dictionary<string, string> Layered(IReadOnlyDictionary<string, string> home, ClaudeAuth.Wiring? auth)
    {
        var env = new Dictionary<string, string>(home, StringComparer.Ordinal);
        foreach (var (key, value) in auth?.Environment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        if (auth?.ConfigDirectory is not null)
        {
            env["CLAUDE_CONFIG_DIR"] = ClaudeAuth.ContainerConfigDir;
        }

        return env;
    }

    /// <summary>
    /// <c>spec.overlay</c> with <c>~</c>/<c>$VAR</c> expanded (relative paths against the spec's
    /// directory). A directory overlay that does not exist yet is created with its
    /// <c>upper/</c> and <c>work/</c>, as sac does; an image overlay must exist.
    /// </summary>
    private string? Overlay(Model.AgentSpec spec, string? specDirectory)
    {
        if (spec.Overlay is not { } written)
        {
            return null;
        }

        var expanded = AgentEnvironment.ExpandPath(written, _operatorEnvironment);
        var overlay = Path.IsPathRooted(expanded) ? expanded : Path.GetFullPath(Path.Combine(specDirectory ?? Environment.CurrentDirectory, expanded));
        var isImage = Path.GetExtension(overlay.TrimEnd('/')) is ".img" or ".ext3" or ".sif";
        if (!isImage && !File.Exists(overlay))
        {
            Directory.CreateDirectory(Path.Combine(overlay, "upper"));
            Directory.CreateDirectory(Path.Combine(overlay, "work"));
        }

        return overlay;
    }

    public async Task CleanupAsync(string instanceName, CancellationToken cancellationToken)
    {
        if (!Check().Available)
        {
            return;
        }

        var running = await ListInstancesAsync(cancellationToken).ConfigureAwait(false);
        if (running.Contains(instanceName))
        {
            await StopInstanceAsync(_check.Path!, instanceName, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlySet<string>> ListInstancesAsync(CancellationToken cancellationToken)
    {
        if (!Check().Available)
        {
            return new HashSet<string>();
        }

        await _listLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_listCache is { } cached && _time.GetUtcNow() - cached.At < _options.ListCacheTime)
            {
                return cached.Names;
            }

            var argv = ApptainerArgs.InstanceList(_check.Path!);
            var result = await _listPipeline.ExecuteAsync(
                async token => await _runner.RunAsync(argv, _options.CommandTimeout, _operatorEnvironment, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"apptainer instance list failed: {result.Summary}");
            }

            var names = ApptainerInstanceList.Parse(result.StandardOutput).Instances.Select(i => i.Instance).ToHashSet(StringComparer.Ordinal);
            _listCache = (_time.GetUtcNow(), names);
            return names;
        }
        finally
        {
            _listLock.Release();
        }
    }

    public Task<CommandResult> ExecAsync(AgentLaunch launch, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var check = Check();
        if (!check.Available)
        {
            throw new AgentStartException(StartFailureReasons.RuntimeUnavailable, check.Message);
        }

        var homeEnv = launch.Spec.Sac is not null && File.Exists(Path.Combine(launch.Paths.Home, ".env"))
            ? Homes.EnvFile.Parse(File.ReadAllText(Path.Combine(launch.Paths.Home, ".env")))
            : new Dictionary<string, string>();
        var containerEnv = AgentEnvironment.Build(launch, AgentPaths.ContainerStateDir, homeEnv, _operatorEnvironment);
        var workdir = launch.Spec.Workdir is { Length: > 0 } w ? AgentEnvironment.ExpandPath(w, _operatorEnvironment) : null;
        return _runner.RunAsync(ApptainerArgs.Exec(_check.Path!, launch.Spec, launch.InstanceName, command, workdir), timeout,
            ApptainerArgs.ProcessEnvironment(_operatorEnvironment, containerEnv), cancellationToken);
    }

    private async Task StopInstanceAsync(string apptainer, string instanceName, CancellationToken cancellationToken)
    {
        var result = await _runner.RunAsync(ApptainerArgs.InstanceStop(apptainer, instanceName, TimeSpan.FromSeconds(10)),
            _options.CommandTimeout, _operatorEnvironment, cancellationToken).ConfigureAwait(false);
        _listCache = null;
        if (!result.Succeeded && !result.StandardError.Contains("no instance found", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"apptainer instance stop {instanceName} failed: {result.Summary}");
        }
    }

    private string? Locate()
    {
        var name = _options.Executable;
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        }

        var path = _operatorEnvironment.GetValueOrDefault("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }
}
