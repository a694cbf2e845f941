using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace SacOperator.Operator.Hosting;

/// <summary>
/// Builds the meter provider before any controller runs: measurements taken while no provider
/// listens are lost, and the first reconciles are the ones worth counting. Registered first.
/// </summary>
public sealed class TelemetryStarter(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<MeterProvider>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
