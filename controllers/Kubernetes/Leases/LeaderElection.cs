using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SacOperator.Kubernetes.Leases;

/// <summary>
/// Runs the election for the cluster-wide controllers: they start when <see cref="Gate"/> opens.
/// Losing the lease stops the operator, as controller-runtime does: its controllers may have
/// acted on a picture a new leader is now changing, and a restart (the Deployment's, systemd's)
/// is the simple, well-understood way back to a single actor.
/// </summary>
public sealed partial class LeaderElection(
    LeaderElector elector,
    Gate gate,
    LeaseLoss loss,
    IHostApplicationLifetime lifetime,
    ILogger<LeaderElection> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogCampaigning(logger, elector.Options.Namespace, elector.Options.Name, elector.Options.Identity);
        if (await elector.RunAsync(gate.Open, stoppingToken).ConfigureAwait(false))
        {
            LogStopping(logger);
            loss.Record($"lost the leader Lease {elector.Options.Namespace}/{elector.Options.Name} (not renewed within {elector.Options.RenewDeadline.TotalSeconds:0}s)");
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(6060, LogLevel.Information, "Campaigning for lease {Namespace}/{Name} as {Identity}; cluster-wide controllers start once it is held")]
    private static partial void LogCampaigning(ILogger logger, string @namespace, string name, string identity);

    [LoggerMessage(6061, LogLevel.Critical, "Leadership lost; stopping so a restart rejoins the election cleanly")]
    private static partial void LogStopping(ILogger logger);
}
