using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SacOperator.Kubernetes.Leases;

/// <summary>
/// The per-host Lease <c>sacop-host-&lt;host&gt;</c>: this operator's heartbeat (placement treats a
/// host whose lease has expired as down) and its claim on the host name. The Agent controller
/// starts only once the lease is held (<see cref="Gate"/>), so two operators started with the same
/// <c>--host</c> never both run its agents. While held it is renewed every 10 s; failures to reach
/// the API are logged and retried, and agents keep being supervised meanwhile (as a kubelet keeps
/// its pods). If another operator has taken the lease over, this one stops.
/// </summary>
public sealed partial class HostHeartbeat(
    LeaderElector elector,
    Gate gate,
    LeaseLoss loss,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<HostHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = elector.Options;
        try
        {
            while (!await elector.TryAcquireOrRenewAsync(stoppingToken).ConfigureAwait(false))
            {
                LogWaiting(logger, options.Name, elector.ObservedHolder ?? "unknown");
                await Task.Delay(options.RetryPeriod, time, stoppingToken).ConfigureAwait(false);
            }

            LogHeld(logger, options.Namespace, options.Name, options.Identity, options.RetryPeriod.TotalSeconds);
            gate.Open();
            while (true)
            {
                await Task.Delay(options.RetryPeriod, time, stoppingToken).ConfigureAwait(false);
                if (await elector.TryAcquireOrRenewAsync(stoppingToken).ConfigureAwait(false))
                {
                    continue;
                }

                if (elector.ObservedHolder is { Length: > 0 } holder && holder != options.Identity)
                {
                    LogTakenOver(logger, options.Name, holder);
                    loss.Record($"the host Lease {options.Namespace}/{options.Name} was taken over by {holder}");
                    lifetime.StopApplication();
                    return;
                }

                LogRenewFailed(logger, options.Name);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await elector.ReleaseAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(6070, LogLevel.Warning, "Host lease {Name} is held by {Holder}; agents of this host start once it is free (another operator with the same --host, or the previous run of this one until its lease expires)")]
    private static partial void LogWaiting(ILogger logger, string name, string holder);

    [LoggerMessage(6071, LogLevel.Information, "Holding host lease {Namespace}/{Name} as {Identity}; renewing it every {Seconds}s")]
    private static partial void LogHeld(ILogger logger, string @namespace, string name, string identity, double seconds);

    [LoggerMessage(6072, LogLevel.Critical, "Host lease {Name} was taken over by {Holder}: another operator runs this host's agents now; stopping")]
    private static partial void LogTakenOver(ILogger logger, string name, string holder);

    [LoggerMessage(6073, LogLevel.Warning, "Could not renew host lease {Name}; agents stay supervised, retrying")]
    private static partial void LogRenewFailed(ILogger logger, string name);
}
