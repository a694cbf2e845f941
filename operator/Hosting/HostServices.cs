using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SacOperator.Engine;
using SacOperator.Hosts;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.RemoteNodes;
using SacOperator.Status;
using SacOperator.Stores;
using SacOperator.Telemetry;

namespace SacOperator.Operator.Hosting;

/// <summary>Directory mode's Host controller: probes over ssh (or locally) and Host status in the state DB.</summary>
public static class HostServices
{
    public static IServiceCollection AddHostController(this IServiceCollection services, OperatorOptions options)
    {
        services.AddSingleton(new HostControllerOptions { ControlDirectory = HostControllerOptions.ControlDirectoryFor(options.Home) });
        services.AddSingleton<HostMetrics>();
        services.AddSingleton(sp => new HostProber(sp.GetRequiredService<IProcessRunner>(), sp.GetRequiredService<HostControllerOptions>()));
        // Agents on ssh Hosts run through a node per Host over the probes' shared connection (decision 0025).
        services.AddSingleton(sp =>
        {
            var hosts = sp.GetRequiredService<HostControllerOptions>();
            var agents = sp.GetRequiredKeyedService<KeyChannel>(ResourceKinds.Agent);
            return new SshNodes(
                sp.GetRequiredService<IResourceStore>(),
                new SshNodeOptions { Ssh = hosts.Ssh, ControlDirectory = hosts.ControlDirectory, OperatorHome = options.Home, CommandTimeout = hosts.CommandTimeout },
                new ChannelRunner(),
                agents.Enqueue,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<SshNodes>>());
        });
        services.AddHostedService(sp => sp.GetRequiredService<SshNodes>());
        services.AddController(new ControllerRegistration
        {
            Name = ResourceKinds.Host,
            Kind = ResourceKinds.Host,
            // Probes wait on the network: one slow host must not hold the others' probes back.
            Workers = 4,
            Sources = sp => [new StoreSource(sp.GetRequiredService<IResourceStore>(), ResourceKinds.Host), .. ControllerRegistrations.InitialKeys(sp, ResourceKinds.Host)],
            Reconciler = sp => new HostReconciler(
                sp.GetRequiredService<IResourceStore>(),
                sp.GetRequiredService<IStatusWriter>(),
                sp.GetRequiredService<HostProber>(),
                sp.GetRequiredService<HostMetrics>(),
                sp.GetRequiredService<HostControllerOptions>(),
                sp.GetRequiredService<TimeProvider>()),
        });
        return services;
    }
}
