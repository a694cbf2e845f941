using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SacOperator.Agents;
using SacOperator.Model;
using SacOperator.Operator.Hosting;
using SacOperator.Operator.Http;
using SacOperator.Processes;
using SacOperator.State;
using SacOperator.Status;
using SacOperator.Stores;

namespace SacOperator.Tests.TestSupport;

/// <summary>
/// The real operator (same composition root as <c>sacop run</c>) in-process, on a temp home and
/// agents dir, with a status writer that signals. Disposing stops the operator and kills every
/// agent process group it recorded.
/// </summary>
public sealed class OperatorHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly IHost _host;

    private OperatorHarness(TempDirectory dir, IHost host, OperatorOptions options)
    {
        _dir = dir;
        _host = host;
        Options = options;
        Status = (SignalingStatusWriter)host.Services.GetRequiredService<IStatusWriter>();
    }

    public OperatorOptions Options { get; }

    public SignalingStatusWriter Status { get; }

    public IServiceProvider Services => _host.Services;

    public string AgentsDir => Options.AgentsDirs[0];

    public string Home => Options.Home;

    /// <summary>The bound URL of the operator's HTTP server (the harness listens on a free loopback port).</summary>
    public Uri Url => Services.GetRequiredService<ServerEndpoint>().Url
        ?? throw new InvalidOperationException("the operator's HTTP server has not bound an address");

    /// <summary>The API token the operator generated in its home.</summary>
    public string Token => File.ReadAllText(Options.TokenPath).Trim();

    public static Task<OperatorHarness> StartAsync(Func<OperatorOptions, OperatorOptions>? configure = null, Action<IServiceCollection>? services = null) =>
        StartAsync(new TempDirectory("operator"), configure, services);

    /// <summary>Starts an operator on an existing directory (to restart one, as after a crash).</summary>
    /// <param name="services">Replaces services after the composition root registered them (test seams).</param>
    public static async Task<OperatorHarness> StartAsync(TempDirectory dir, Func<OperatorOptions, OperatorOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var options = new OperatorOptions
        {
            Home = dir.Combine("home"),
            AgentsDirs = [dir.Combine("agents")],
            HostName = "node1",
            Debounce = TimeSpan.FromMilliseconds(5),
            RescanPeriod = TimeSpan.FromSeconds(30),
            Environment = new Dictionary<string, string>
            {
                ["PATH"] = $"{Repo.StandIns}:/usr/local/bin:/usr/bin:/bin",
                ["HOME"] = dir.Path,
                ["APPTAINER_STANDIN_DIR"] = dir.Combine("standin-state"),
            },
            LogLevel = "Warning",
            Listen = ListenAddress.LoopbackEphemeral,
        };
        options = configure?.Invoke(options) ?? options;
        Directory.CreateDirectory(options.AgentsDirs[0]);
        var host = OperatorHost.Build(options, builder =>
        {
            builder.Logging.ClearProviders();
            if (Environment.GetEnvironmentVariable("SACOP_TEST_LOGS") == "1")
            {
                builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Debug);
            }

            builder.Services.RemoveAll<IStatusWriter>();
            builder.Services.AddSingleton<IStatusWriter>(sp => new SignalingStatusWriter(
                new LocalStatusWriter(sp.GetRequiredService<StateStore>(), sp.GetRequiredService<TimeProvider>())));
            services?.Invoke(builder.Services);
        });
        await host.StartAsync().WithTimeout();
        return new OperatorHarness(dir, host, options);
    }

    public string WriteSpec(string file, string yaml)
    {
        var path = Path.Combine(AgentsDir, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return path;
    }

    public async Task<AgentStatus> WaitForAgentAsync(string name, Func<AgentStatus, bool> predicate, TimeSpan? timeout = null)
    {
        var key = ResourceKey.Agent(name);
        try
        {
            return (AgentStatus)(await Status.WaitAsync(key, s => s is AgentStatus a && predicate(a)).WithTimeout(timeout))!;
        }
        catch (TimeoutException)
        {
            var latest = Status.Latest(key) as AgentStatus;
            throw new TimeoutException($"agent {name} did not reach the expected status; latest: phase={latest?.Phase} reason={latest?.Reason} message={latest?.Message} pid={latest?.Pid} restarts={latest?.RestartCount}");
        }
    }

    public Task WaitForAgentGoneAsync(string name) => Status.WaitAsync(ResourceKey.Agent(name), s => s is null).WithTimeout();

    public IReadOnlyList<EventEntry> Events(string name) =>
        Services.GetRequiredService<StateStore>().ListEvents(ResourceKey.Agent(name));

    /// <summary>Stops the operator but leaves agents running (as a crash or a restart would).</summary>
    public async Task StopOperatorAsync()
    {
        await _host.StopAsync().WithTimeout();
        _host.Dispose();
    }

    public TempDirectory Dir => _dir;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync().WithTimeout();
        }
        catch (ObjectDisposedException)
        {
        }

        KillAgents(Options.Home);
        _host.Dispose();
        _dir.Dispose();
    }

    /// <summary>Kills every agent process group recorded under <paramref name="home"/>.</summary>
    public static void KillAgents(string home)
    {
        var runtime = Path.Combine(home, "runtime");
        if (!Directory.Exists(runtime))
        {
            return;
        }

        foreach (var pidFile in Directory.EnumerateFiles(runtime, "pid", SearchOption.AllDirectories))
        {
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && pid > 1)
            {
                LibC.kill(-pid, LibC.SIGCONT);
                LibC.kill(-pid, LibC.SIGKILL);
            }
        }
    }
}
