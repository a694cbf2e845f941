using Microsoft.Extensions.DependencyInjection;
using SacOperator.Engine;
using SacOperator.Hosts;
using SacOperator.Model;
using SacOperator.Processes;
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
