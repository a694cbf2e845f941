using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SacOperator.Agents;
using SacOperator.Engine;
using SacOperator.Kubernetes.Leases;
using SacOperator.Logs;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.Operator.A2a;
using SacOperator.Operator.Turns;
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
        // Out-of-band facts about this host's agents (exits, probe verdicts, restart requests) reach
        // the Agent controller through this channel; its producers receive it in their constructors.
        services.AddKeyedSingleton(ResourceKinds.Agent, (_, _) => new KeyChannel(ResourceKinds.Agent));
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
        services.AddSingleton(sp => new NodeRegistry(sp.GetRequiredService<LocalNode>(), source: sp.GetService<RemoteNodes.SshNodes>()));
        services.AddSingleton<RestartRequests>();
        services.AddSingleton<PlacementMoves>();
        services.AddSingleton(sp => new TurnSender(
            sp.GetRequiredService<StateStore>(), sp.GetRequiredService<NodeRegistry>(), options.Home, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(_ => new A2aPortBook(Path.Combine(options.Home, "a2a-ports.json"), options.A2aPorts));
        services.AddSingleton(sp => new A2aHandler(sp.GetRequiredService<TurnSender>(), sp.GetRequiredService<StateStore>(),
            sp.GetRequiredService<IResourceStore>(), options.A2aTurnTimeout));
        if (options.Kubernetes is not { RunAgents: false })
        {
            // Only where agents run: a cluster-wide-only operator has none to serve.
            services.AddSingleton<A2aInbound>();
            services.AddHostedService(sp => sp.GetRequiredService<A2aInbound>());
        }
        services.AddSingleton<FleetView>();
        services.AddSingleton<AgentProber>();
        services.AddSingleton<AgentSessions>();
        services.AddSingleton(_ => new HttpClient { Timeout = Timeout.InfiniteTimeSpan });
        services.AddSingleton<AgentReconciler>();
        services.AddAccounts();
        services.AddSingleton(sp => new LogRotator(options.LogRotation, sp.GetRequiredService<ILogger<LogRotator>>()));
        services.AddHostedService<LogRotationService>();
        if (options.Kubernetes is { } kubernetes)
        {
            services.AddKubernetesMode(options, kubernetes);
        }
        else
        {
            services.AddDirectoryMode(options, environment);
            services.AddImageController(options, environment);
        }

        services.AddSingleton<StateMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<StateMonitor>());
        services.AddHostedService<StoreRunner>();
        services.AddHostedService<RequestPoller>();
        return services;
    }

    /// <summary>Directory mode: desired state from watched directories; status and events in the state DB.</summary>
    private static void AddDirectoryMode(this IServiceCollection services, OperatorOptions options, IReadOnlyDictionary<string, string> environment)
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
        services.AddController(AgentController(ResourceKinds.Agent, options.Workers, null,
            sp => sp.GetRequiredService<IResourceStore>(), sp => sp.GetRequiredService<IStatusWriter>().Changes));
        services.AddHostController(options);
        services.AddController(AccountServices.AccountController(
            sp => sp.GetRequiredService<IResourceStore>(), sp => sp.GetRequiredService<IStatusWriter>(), environment, null, initialKeys: true));
    }

    /// <summary>
    /// The controller of this host's Agents, in either mode: desired state of Agents from
    /// <paramref name="store"/>, the Agent key channel (exits, probes, restart requests), changes
    /// of the Images, Accounts and Hosts they depend on (desired, and status as raised on
    /// <paramref name="statusChanges"/>), and the agents known only from durable traces.
    /// </summary>
    internal static ControllerRegistration AgentController(
        string name,
        int workers,
        Gate? gate,
        Func<IServiceProvider, IResourceStore> store,
        Func<IServiceProvider, StatusChanges> statusChanges) => new()
    {
        Name = name,
        Kind = ResourceKinds.Agent,
        Workers = workers,
        Gate = gate,
        Reconciler = sp => sp.GetRequiredService<AgentReconciler>(),
        Sources = sp =>
        [
            new StoreSource(store(sp), ResourceKinds.Agent),
            new ChannelSource(sp.GetRequiredKeyedService<KeyChannel>(ResourceKinds.Agent)),
            .. AgentDependents.Sources(store(sp), statusChanges(sp), sp.GetRequiredService<IStatusWriter>()),
            .. ControllerRegistrations.InitialKeys(sp, ResourceKinds.Agent),
        ],
    };

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
