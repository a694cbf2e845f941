using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SacOperator.Operator.Hosting;
using SacOperator.Operator.Http;
using SacOperator.Parsing;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.State;

namespace SacOperator.Operator.Cli;

public static class RunCommand
{
    public static Command Create()
    {
        var home = CommonOptions.Home();
        var dirs = AgentsDirs.Option();
        var host = new Option<string>("--host") { Description = "This host's name; agents placed on other hosts are not run here (default: the short hostname; with --kubernetes it also names the host's heartbeat Lease)" };
        var workers = new Option<int>("--workers") { Description = "Concurrent Agent reconciles", DefaultValueFactory = _ => 4 };
        var rescan = new Option<string>("--rescan-period") { Description = "Full rescan of the agents dirs (the file watcher is only a hint)", DefaultValueFactory = _ => "15s" };
        var debounce = new Option<string>("--debounce") { Description = "Quiet time after a file event before the file is read", DefaultValueFactory = _ => "5ms" };
        var noWatch = new Option<bool>("--no-watch") { Description = "Do not use inotify; rely on rescans (for NFS homes)" };
        var apptainer = new Option<string>("--apptainer") { Description = "apptainer executable (name on PATH or path)", DefaultValueFactory = _ => "apptainer" };
        var logFormat = new Option<string>("--log-format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        logFormat.AcceptOnlyFromAmong("text", "json");
        var logLevel = new Option<string>("--log-level") { Description = "Trace, Debug, Information, Warning or Error", DefaultValueFactory = _ => "Information" };
        logLevel.AcceptOnlyFromAmong("Trace", "Debug", "Information", "Warning", "Error");
        var http = new RunHttpOptions();

        var command = new Command("run", "Run the operator: watch the agents dirs and keep every agent converged")
        {
            home, dirs, host, workers, rescan, debounce, noWatch, apptainer, logFormat, logLevel,
        };
        http.AddTo(command);
        var kubernetes = new RunKubernetesOptions();
        kubernetes.AddTo(command);
        var logs = new RunLogOptions();
        logs.AddTo(command);
        var a2a = new RunA2aOptions();
        a2a.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var fullHome = CommonOptions.FullHome(result.GetValue(home)!);
            var options = new OperatorOptions
            {
                Home = fullHome,
                AgentsDirs = [.. AgentsDirs.Resolve(result.GetValue(dirs), fullHome)],
                HostName = result.GetValue(host) is { Length: > 0 } h ? h : ShortHostName(),
                Workers = Math.Max(1, result.GetValue(workers)),
                RescanPeriod = Duration(result.GetValue(rescan)!, "--rescan-period"),
                Debounce = Duration(result.GetValue(debounce)!, "--debounce"),
                DisableWatcher = result.GetValue(noWatch),
                Apptainer = result.GetValue(apptainer)!,
                LogFormat = result.GetValue(logFormat)!,
                LogLevel = result.GetValue(logLevel)!,
            };
            options = logs.Apply(result, options);
            options = a2a.Apply(result, options);
            options = kubernetes.Apply(result, options, hostGiven: result.GetValue(host) is { Length: > 0 }, dirsGiven: result.GetValue(dirs) is { Length: > 0 });
            return await RunAsync(http.Apply(result, options), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    public static async Task<int> RunAsync(OperatorOptions options, CancellationToken cancellationToken)
    {
        using var held = OperatorLock.TryAcquire(options.Home, out var holder)
            ?? throw new CliError($"another operator (pid {holder ?? "unknown"}) is already running with home {options.Home}; stop it or use another --home");
        foreach (var dir in options.AgentsDirs)
        {
            // Specs may hold credentials: a directory created here is owner-only; one the user made is left as it is.
            PrivateFiles.CreateDirectory(dir);
        }

        RunHttpOptions.EnsureListenFree(options);
        CheckState(options.StatePath);
        await using var host = OperatorHost.Build(options);
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CliError($"cannot start: {e.Message}");
        }

        var url = host.Services.GetService<ServerEndpoint>()?.Url;
        var state = host.Services.GetRequiredService<StateStore>();
        state.SetMeta("operator", System.Text.Json.JsonSerializer.Serialize(new
        {
            pid = Environment.ProcessId,
            version = VersionCommand.Version,
            startedAt = StateStore.Iso(TimeProvider.System.GetUtcNow()),
            agentsDirs = options.AgentsDirs,
            host = options.HostName,
            url = url?.ToString().TrimEnd('/'),
        }));
        Banner(options, host.Services);
        RunHttpOptions.Banner(options, url);
        await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine("sacop: operator stopped; agents keep running and are adopted by the next 'sacop run'");
        if (host.Services.GetService<StateMonitor>()?.Lost is { } stateLost)
        {
            throw new CliError($"stopped: {stateLost}");
        }

        return host.Services.GetService<Kubernetes.Leases.LeaseLoss>()?.Reason is { } lost
            ? throw new CliError($"stopped: {lost}")
            : ExitCodes.Ok;
    }

    /// <summary>An unusable state DB stops the start with one line saying what to do, before anything runs.</summary>
    private static void CheckState(string path)
    {
        try
        {
            using var state = StateStore.Open(path);
            if (state.Probe() is { } problem)
            {
                throw new CliError($"{problem}; move it aside (mv {path} {path}.broken) and start again: running agents are found by their launch marker and adopted");
            }
        }
        catch (StateUnavailableException e)
        {
            throw new CliError(e.Message);
        }
    }

    private static void Banner(OperatorOptions options, IServiceProvider services)
    {
        var apptainer = services.GetServices<IAgentRuntime>().First(r => r.Name == Model.AgentRuntimes.Apptainer).Check();
        Console.Error.WriteLine(options.Kubernetes is { } kubernetes
            ? $"sacop {VersionCommand.Version}: {RunKubernetesOptions.Describe(kubernetes, options.HostName)}"
            : $"sacop {VersionCommand.Version}: watching {string.Join(", ", options.AgentsDirs.Select(AgentsDirs.Describe))}");
        Console.Error.WriteLine($"  home {options.Home} (state.db, runtime/), host '{options.HostName}'");
        Console.Error.WriteLine(apptainer.Available
            ? "  apptainer: available"
            : $"  apptainer: {apptainer.Message.Split(';')[0]} — agents with runtime apptainer will report RuntimeUnavailable");
        var inventory = services.GetRequiredService<Nodes.LaunchInventory>();
        Console.Error.WriteLine(inventory.Cgroups is { } cgroups
            ? $"  agent cgroups: {cgroups.Path}"
            : $"  agent cgroups: none ({inventory.CgroupReason}); descendants that leave the process group are found by launch marker");
        Console.Error.WriteLine($"  inspect with: sacop get agents --home {options.Home}");
    }

    private static TimeSpan Duration(string text, string option) =>
        DurationFormat.TryParse(text, out var value) && value > TimeSpan.Zero
            ? value
            : throw new CliError($"{option}: '{text}' is not a duration such as 15s, 500ms or 1m", ExitCodes.Usage);

    private static string ShortHostName()
    {
        var name = Environment.MachineName;
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? name[..dot] : name;
    }
}
