using Microsoft.Extensions.Hosting;
using SacOperator.Stores;

namespace SacOperator.Operator.Hosting;

/// <summary>Runs the desired-state store for the lifetime of the host.</summary>
public sealed class StoreRunner(IResourceStore store) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => store.RunAsync(stoppingToken);
}
