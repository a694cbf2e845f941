using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SacOperator.Agents;
using SacOperator.Engine;
using SacOperator.Inventory;
using SacOperator.Logs;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.State;
using SacOperator.Status;
using SacOperator.Stores;
using SacOperator.Telemetry;

namespace SacOperator.Operator.Hosting;

/// <summary>
/// The composition root: every service of <c>sacop run</c>, wired explicitly. The desired-state
/// store, status writer and event recorder depend on the mode (directory, or Kubernetes:
/// <see cref="KubernetesServices"/>); the controllers and runtimes are the same.
/// </summary>
public static class OperatorServices
{
    public static IServiceCollection AddOperator(this IServiceCollection services, OperatorOptions options)
    {
        var environment = options.Environment ?? AgentEnvironment.Current();
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SacMetrics>();
        services.AddOperatorTelemetry(options);
        services.AddSingleton(sp => StateStore.Open(options.StatePath, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ProcessExitWatcher(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ProcessTracker>();
        services.AddSingleton<IProcessRunner, ProcessRunner>();
        services.AddSingleton<IAgentRuntime>(sp => new LocalRuntime(environment, sp.GetRequiredService<IProcessRunner>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAgentRuntime>(sp => new ApptainerRuntime(
            new ApptainerOptions { Executable = options.Apptainer }, environment, sp.GetRequiredService<IProcessRunner>(),
            options.Home, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RuntimeRegistry>();

        services.AddSingleton(new AgentControllerOptions
        {
            OperatorHome = options.Home,
            HostName = options.HostName,
            HostAliases = HostAliases(options.HostName),
            Namespaced = options.Kubernetes is not null,
        });
        services.AddSingleton<AgentRecords>();
        services.AddSingleton(_ => new LaunchInventory(options.Home));
        services.AddSingleton<StrayReaper>();
        services.AddSingleton(sp => new LocalNode(
            options.HostName,
            sp.GetRequiredService<RuntimeRegistry>(),
            sp.GetRequiredService<ProcessTracker>(),
            sp.GetRequiredService<LaunchInventory>(),
            sp.GetRequiredService<StrayReaper>(),
            sp.GetRequiredService<LogRotator>(),
            sp.GetRequiredService<LocalNodeFiles>()));
        services.AddSingleton(new LocalNodeFiles(options.Home, environment));
        services.AddSingleton(sp => new NodeRegistry(sp.GetRequiredService<LocalNode>()));
        services.AddSingleton<RestartRequests>();
        services.AddSingleton<FleetView>();
        services.AddSingleton(sp => new AgentProber(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(_ => new HttpClient { Timeout = Timeout.InfiniteTimeSpan });
        services.AddSingleton<AgentReconciler>();
        services.AddSingleton(sp => new LogRotator(options.LogRotation, sp.GetRequiredService<ILogger<LogRotator>>()));
        services.AddHostedService<LogRotationService>();
        if (options.Kubernetes is { } kubernetes)
        {
            services.AddKubernetesMode(options, kubernetes);
        }
        else
        {
            services.AddDirectoryMode(options);
        }

        services.AddSingleton<StateMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<StateMonitor>());
        services.AddHostedService<StoreRunner>();
        services.AddHostedService<RequestPoller>();
        return services;
    }

    /// <summary>Directory mode: desired state from watched directories; status and events in the state DB.</summary>
    private static void AddDirectoryMode(this IServiceCollection services, OperatorOptions options)
    {
        services.AddSingleton(sp => new DirectoryStore(
            new DirectoryStoreOptions
            {
                Roots = options.AgentsDirs,
                RescanPeriod = options.RescanPeriod,
                Debounce = options.Debounce,
                HostName = options.HostName,
                DisableWatcher = options.DisableWatcher,
            },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<SacMetrics>(),
            sp.GetRequiredService<ILogger<DirectoryStore>>()));
        services.AddSingleton<IResourceStore>(sp => sp.GetRequiredService<DirectoryStore>());
        services.AddSingleton<IStatusWriter, LocalStatusWriter>();
        services.AddSingleton<IEventRecorder, StateEventRecorder>();
        services.AddSingleton<IKeySource, AgentKeySource>();
        services.AddController(ResourceKinds.Agent, options.Workers, sp => sp.GetRequiredService<AgentReconciler>(), (sp, queue) =>
        {
            sp.GetRequiredService<ProcessTracker>().OnExit = queue.Add;
            sp.GetRequiredService<AgentReconciler>().Enqueue = queue.Add;
            sp.GetRequiredService<RestartRequests>().Requested += queue.Add;
        });
        foreach (var kind in new[] { ResourceKinds.Image, ResourceKinds.Host, ResourceKinds.Account })
        {
            services.AddController(kind, 1, sp => new PassiveReconciler(
                sp.GetRequiredService<IResourceStore>(), sp.GetRequiredService<IStatusWriter>(), sp.GetRequiredService<TimeProvider>()), null);
        }
    }

    /// <summary>Registers one controller (queue, loop) for <paramref name="kind"/> as a hosted service.</summary>
    private static void AddController(
        this IServiceCollection services,
        string kind,
        int workers,
        Func<IServiceProvider, IReconciler> reconciler,
        Action<IServiceProvider, WorkQueue<ResourceKey>>? wire)
    {
        services.AddSingleton<IHostedService>(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var metrics = sp.GetRequiredService<SacMetrics>();
            var queue = new WorkQueue<ResourceKey>(kind, time, RateLimiters.Default<ResourceKey>(time), new QueueMetricsObserver(metrics));
            wire?.Invoke(sp, queue);
            return new Controller(
                new ControllerOptions { Kind = kind, Workers = workers },
                sp.GetRequiredService<IResourceStore>(),
                reconciler(sp),
                queue,
                kind == ResourceKinds.Agent ? sp.GetServices<IKeySource>() : [],
                metrics,
                sp.GetRequiredService<ILogger<Controller>>());
        });
    }

    private static IReadOnlyList<string> HostAliases(string hostName)
    {
        var names = new List<string> { Environment.MachineName };
        var dot = hostName.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            names.Add(hostName[..dot]);
        }

        try
        {
            names.Add(System.Net.Dns.GetHostName());
        }
        catch (System.Net.Sockets.SocketException)
        {
        }

        return names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
