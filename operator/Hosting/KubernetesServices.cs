using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SacOperator.Agents;
using SacOperator.Engine;
using SacOperator.Inventory;
using SacOperator.Kubernetes;
using SacOperator.Kubernetes.Api;
using SacOperator.Kubernetes.Leases;
using SacOperator.Kubernetes.Placement;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.State;
using SacOperator.Status;
using SacOperator.Stores;
using SacOperator.Telemetry;

namespace SacOperator.Operator.Hosting;

/// <summary>
/// Kubernetes mode: the same controllers as directory mode, fed by <see cref="KubernetesStore"/>
/// and reporting through <see cref="KubernetesStatusWriter"/>. Two roles, each with its own store:
/// the per-host role runs this host's Agents once it holds the host's heartbeat Lease; the
/// cluster-wide role (placement, Image/Host/Account status) runs only on the elected leader.
/// </summary>
public static class KubernetesServices
{
    public static IServiceCollection AddKubernetesMode(this IServiceCollection services, OperatorOptions options, KubernetesRunOptions kubernetes)
    {
        services.AddSingleton(kubernetes);
        services.AddSingleton(kubernetes.Connection);
        services.AddSingleton<KubernetesMetrics>();
        services.AddSingleton<LeaseLoss>();
        services.AddSingleton<IKubernetesApi>(sp => new KubernetesApi(
            kubernetes.Connection, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<KubernetesMetrics>(), sp.GetRequiredService<ILogger<KubernetesApi>>()));
        if (kubernetes.RunAgents)
        {
            services.AddHostRole(options, kubernetes);
        }

        if (kubernetes.ClusterWide)
        {
            services.AddClusterWideRole(options, kubernetes);
        }

        return services;
    }

    private static void AddHostRole(this IServiceCollection services, OperatorOptions options, KubernetesRunOptions kubernetes)
    {
        var gate = new Gate();
        services.AddSingleton(sp => NewStore(sp, kubernetes, kubernetes.Watch with { Namespace = kubernetes.Namespace, Assignment = new HostAssignment(options.HostName) }));
        services.AddSingleton<IResourceStore>(sp => sp.GetRequiredService<KubernetesStore>());
        services.AddSingleton<IStatusWriter>(sp => new KubernetesStatusWriter(
            new LocalStatusWriter(sp.GetRequiredService<StateStore>(), sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<IKubernetesApi>(),
            sp.GetRequiredService<KubernetesStore>().Objects,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<KubernetesStatusWriter>>()));
        services.AddSingleton(sp => NewEventRecorder(sp, new StateEventRecorder(sp.GetRequiredService<StateStore>(), sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<KubernetesStore>().Objects, $"sacop-{options.HostName}"));
        services.AddSingleton<IEventRecorder>(sp => sp.GetRequiredService<KubernetesEventRecorder>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<KubernetesEventRecorder>());
        services.AddSingleton<IKeySource, AgentKeySource>();
        services.AddSingleton<IHostedService>(sp => new HostHeartbeat(
            NewElector(sp, LeaseOptions.Heartbeat(kubernetes.LeaseNamespace, options.HostName, $"{options.HostName}@{kubernetes.Identity}")),
            gate,
            sp.GetRequiredService<LeaseLoss>(),
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<HostHeartbeat>>()));
        // Status changes of Images, Accounts and Hosts come from whichever operator writes them,
        // so from the watch: the store raises them.
        services.AddController(OperatorServices.AgentController(ResourceKinds.Agent, options.Workers, gate,
            sp => sp.GetRequiredService<KubernetesStore>(), sp => sp.GetRequiredService<KubernetesStore>().StatusChanges));
    }

    private static void AddClusterWideRole(this IServiceCollection services, OperatorOptions options, KubernetesRunOptions kubernetes)
    {
        var gate = new Gate();
        services.AddSingleton(sp =>
        {
            var store = NewStore(sp, kubernetes, kubernetes.Watch with { Namespace = kubernetes.Namespace, Assignment = null });
            var status = new KubernetesStatusWriter(new MemoryStatusWriter(), sp.GetRequiredService<IKubernetesApi>(), store.Objects,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<KubernetesStatusWriter>>());
            return new ClusterRole(store, status, NewEventRecorder(sp, new DiscardEventRecorder(), store.Objects, "sacop-cluster"));
        });
        if (kubernetes.RunAgents)
        {
            services.AddSingleton<IHostedService>(sp => new StoreRunner(sp.GetRequiredService<ClusterRole>().Store));
        }
        else
        {
            // The only store: the composition root's StoreRunner runs it.
            services.AddSingleton<IResourceStore>(sp => sp.GetRequiredService<ClusterRole>().Store);
        }

        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ClusterRole>().Events);
        services.AddSingleton<IHostedService>(sp => new LeaderElection(
            NewElector(sp, new LeaseOptions { Namespace = kubernetes.LeaseNamespace, Name = LeaseOptions.LeaderName, Identity = kubernetes.Identity }),
            gate,
            sp.GetRequiredService<LeaseLoss>(),
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<ILogger<LeaderElection>>()));
        var placement = new PlacementOptions { LeaseNamespace = kubernetes.LeaseNamespace };
        // The cluster-wide controllers take no initial keys from this host's state DB: those are the agents it runs.
        services.AddController(new ControllerRegistration
        {
            Name = "placement",
            Kind = ResourceKinds.Agent,
            Gate = gate,
            Sources = sp => [new StoreSource(sp.GetRequiredService<ClusterRole>().Store, ResourceKinds.Agent)],
            Reconciler = sp =>
            {
                var role = sp.GetRequiredService<ClusterRole>();
                var time = sp.GetRequiredService<TimeProvider>();
                return new PlacementReconciler(role.Store, role.Store.Objects, role.Status, role.Events,
                    new LiveHosts(sp.GetRequiredService<IKubernetesApi>(), placement, time), placement, time, sp.GetRequiredService<ILogger<PlacementReconciler>>());
            },
        });
        // Account status is cluster-wide (decision 0021): the leader reads quota and writes it once.
        services.AddController(AccountServices.AccountController(
            sp => sp.GetRequiredService<ClusterRole>().Store, sp => sp.GetRequiredService<ClusterRole>().Status,
            options.Environment ?? Runtime.AgentEnvironment.Current(), gate, initialKeys: false));
        foreach (var kind in new[] { ResourceKinds.Image, ResourceKinds.Host })
        {
            services.AddController(new ControllerRegistration
            {
                Name = kind,
                Kind = kind,
                Gate = gate,
                Sources = sp => [new StoreSource(sp.GetRequiredService<ClusterRole>().Store, kind)],
                Reconciler = sp => new PassiveReconciler(sp.GetRequiredService<ClusterRole>().Store, sp.GetRequiredService<ClusterRole>().Status, sp.GetRequiredService<TimeProvider>()),
            });
        }
    }

    private static KubernetesStore NewStore(IServiceProvider sp, KubernetesRunOptions kubernetes, KubernetesStoreOptions options) => new(
        sp.GetRequiredService<IKubernetesApi>(),
        options,
        sp.GetRequiredService<TimeProvider>(),
        sp.GetRequiredService<SacMetrics>(),
        sp.GetRequiredService<KubernetesMetrics>(),
        sp.GetRequiredService<ILogger<KubernetesStore>>());

    private static KubernetesEventRecorder NewEventRecorder(IServiceProvider sp, IEventRecorder local, ObservedObjects objects, string instance) => new(
        local,
        sp.GetRequiredService<IKubernetesApi>(),
        objects,
        instance,
        sp.GetRequiredService<TimeProvider>(),
        sp.GetRequiredService<KubernetesMetrics>(),
        sp.GetRequiredService<ILogger<KubernetesEventRecorder>>());

    private static LeaderElector NewElector(IServiceProvider sp, LeaseOptions lease) => new(
        sp.GetRequiredService<IKubernetesApi>(),
        lease,
        sp.GetRequiredService<TimeProvider>(),
        Random.Shared.NextDouble,
        sp.GetRequiredService<KubernetesMetrics>(),
        sp.GetRequiredService<ILogger<LeaderElector>>());

    /// <summary>The cluster-wide role's own store, status writer and recorder (the interfaces belong to the host role).</summary>
    private sealed record ClusterRole(KubernetesStore Store, KubernetesStatusWriter Status, KubernetesEventRecorder Events);
}
