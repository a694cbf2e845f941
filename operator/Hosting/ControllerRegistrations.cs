using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SacOperator.Engine;
using SacOperator.Kubernetes.Leases;
using SacOperator.Model;
using SacOperator.Telemetry;

namespace SacOperator.Operator.Hosting;

public static class ControllerRegistrations
{
    /// <summary>Registers the controller (its queue and loop) as a hosted service; a second controller of the same name is refused.</summary>
    public static IServiceCollection AddController(this IServiceCollection services, ControllerRegistration registration)
    {
        if (services.Any(d => d.ServiceType == typeof(ControllerName) && ((ControllerName)d.ImplementationInstance!).Value == registration.Name))
        {
            throw new InvalidOperationException($"two controllers are named '{registration.Name}'; their metrics and readiness would collide");
        }

        services.AddSingleton(new ControllerName(registration.Name));
        services.AddSingleton<IHostedService>(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var metrics = sp.GetRequiredService<SacMetrics>();
            var queue = new WorkQueue<ResourceKey>(registration.Name, time, RateLimiters.Default<ResourceKey>(time),
                new QueueMetricsObserver(metrics, registration.Name, registration.Kind));
            IEnumerable<IEventSource> sources = registration.Sources(sp);
            if (registration.Gate is { } gate)
            {
                sources = sources.Append(new GateSource(gate));
            }

            return new Controller(
                new ControllerOptions { Name = registration.Name, Kind = registration.Kind, Workers = registration.Workers, Sources = [.. sources] },
                registration.Reconciler(sp),
                queue,
                metrics,
                sp.GetRequiredService<ILogger<Controller>>());
        });
        return services;
    }

    /// <summary>The initial keys every registered <see cref="IKeySource"/> knows for <paramref name="kind"/>.</summary>
    public static IEnumerable<IEventSource> InitialKeys(IServiceProvider services, string kind) =>
        services.GetServices<IKeySource>().Select(k => new InitialKeySource(k, kind));

    /// <summary>Marks a name as taken at registration time.</summary>
    private sealed record ControllerName(string Value);
}
