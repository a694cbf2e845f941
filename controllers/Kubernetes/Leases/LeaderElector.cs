using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SacOperator.Kubernetes.Api;

namespace SacOperator.Kubernetes.Leases;

/// <summary>
/// Holds a <c>coordination.k8s.io/v1</c> Lease the way client-go's leader election does: create it
/// if absent, renew it while ours, take it over only once its holder has not renewed for a whole
/// lease duration — measured on our clock from when we last saw the record change, so clock skew
/// between machines does not matter — and write with the resourceVersion read, so of two
/// candidates only one wins.
/// </summary>
public sealed partial class LeaderElector(
    IKubernetesApi api,
    LeaseOptions options,
    TimeProvider time,
    Func<double> jitter,
    KubernetesMetrics metrics,
    ILogger logger)
{
    private LeaseRecord? _observed;
    private DateTimeOffset _observedAt;
    private volatile bool _isLeader;

    public LeaseOptions Options => options;

    /// <summary>True from a successful acquire until a renewal deadline is missed or the lease is released.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>The holder named by the lease when it was last read.</summary>
    public string? ObservedHolder => Volatile.Read(ref _observed)?.HolderIdentity;

    /// <summary>One attempt to create, renew or take over the lease; false when someone else holds it or the API failed.</summary>
    public async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var ok = await AttemptAsync(cancellationToken).ConfigureAwait(false);
        metrics.LeaseRenewals.Add(1, new("lease", options.Name.StartsWith("sacop-host-", StringComparison.Ordinal) ? "host" : options.Name), new("result", ok ? "held" : "not-held"));
        return ok;
    }

    /// <summary>
    /// Campaigns until the lease is ours, calls <paramref name="onStartedLeading"/>, then renews
    /// every retry period. Returns true when leadership was lost (no renewal within the renew
    /// deadline); on cancellation it releases the lease, so a successor need not wait it out.
    /// </summary>
    public async Task<bool> RunAsync(Action onStartedLeading, CancellationToken cancellationToken)
    {
        try
        {
            while (!await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
            {
                // client-go's jitter factor 1.2: retry after [1, 2.2) retry periods.
                await Task.Delay(options.RetryPeriod * (1 + (1.2 * jitter())), time, cancellationToken).ConfigureAwait(false);
            }

            LogAcquired(logger, options.Namespace, options.Name, options.Identity);
            onStartedLeading();
            var renewed = time.GetUtcNow();
            while (true)
            {
                await Task.Delay(options.RetryPeriod, time, cancellationToken).ConfigureAwait(false);
                if (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
                {
                    renewed = time.GetUtcNow();
                }
                else if (time.GetUtcNow() - renewed >= options.RenewDeadline)
                {
                    _isLeader = false;
                    LogLost(logger, options.Namespace, options.Name, ObservedHolder ?? "nobody");
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReleaseAsync().ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>Gives the lease up (holder emptied) if we hold it; errors are logged, never thrown.</summary>
    public async Task ReleaseAsync()
    {
        if (!_isLeader)
        {
            return;
        }

        _isLeader = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
        try
        {
            var current = await api.GetAsync(ApiResources.Leases, options.Namespace, options.Name, timeout.Token).ConfigureAwait(false);
            if (current is not null && LeaseRecord.From(current).HolderIdentity == options.Identity)
            {
                var now = time.GetUtcNow();
                var released = LeaseRecord.From(current) with { HolderIdentity = "", LeaseDurationSeconds = 1, RenewTime = now, AcquireTime = now };
                await api.ReplaceAsync(ApiResources.Leases, options.Namespace, options.Name, WithSpec(current, released), timeout.Token).ConfigureAwait(false);
                LogReleased(logger, options.Namespace, options.Name);
            }
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or IOException or OperationCanceledException or TimeoutException)
        {
            LogReleaseFailed(logger, options.Name, e.Message);
        }
    }

    private async Task<bool> AttemptAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var desired = new LeaseRecord
        {
            HolderIdentity = options.Identity,
            LeaseDurationSeconds = (int)Math.Ceiling(options.LeaseDuration.TotalSeconds),
            AcquireTime = now,
            RenewTime = now,
        };
        try
        {
            var current = await api.GetAsync(ApiResources.Leases, options.Namespace, options.Name, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                var created = await api.CreateAsync(ApiResources.Leases, options.Namespace, NewLease(desired), cancellationToken).ConfigureAwait(false);
                return Observe(created, now, leader: true);
            }

            var record = LeaseRecord.From(current);
            if (record != Volatile.Read(ref _observed))
            {
                Volatile.Write(ref _observed, record);
                _observedAt = now;
            }

            var ours = record.HolderIdentity == options.Identity;
            if (!ours && record.HolderIdentity.Length > 0 && _observedAt + TimeSpan.FromSeconds(record.LeaseDurationSeconds) > now)
            {
                _isLeader = false;
                return false;
            }

            desired = desired with
            {
                AcquireTime = ours ? record.AcquireTime : now,
                LeaseTransitions = ours ? record.LeaseTransitions : record.LeaseTransitions + 1,
            };
            var updated = await api.ReplaceAsync(ApiResources.Leases, options.Namespace, options.Name, WithSpec(current, desired), cancellationToken).ConfigureAwait(false);
            return Observe(updated, now, leader: true);
        }
        catch (KubernetesApiException e) when (e.IsConflict)
        {
            // Another candidate wrote first (409 on create means AlreadyExists): not ours this round.
            return false;
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or IOException or TimeoutException
                                   || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogAttemptFailed(logger, options.Name, e.Message);
            return false;
        }
    }

    private bool Observe(JsonObject lease, DateTimeOffset now, bool leader)
    {
        Volatile.Write(ref _observed, LeaseRecord.From(lease));
        _observedAt = now;
        _isLeader = leader;
        return leader;
    }

    private JsonObject NewLease(LeaseRecord record) => new()
    {
        ["apiVersion"] = ApiResources.Leases.ApiVersion,
        ["kind"] = ApiResources.Leases.Kind,
        ["metadata"] = new JsonObject { ["name"] = options.Name, ["namespace"] = options.Namespace },
        ["spec"] = record.ToSpec(),
    };

    private static JsonObject WithSpec(JsonObject current, LeaseRecord record)
    {
        var copy = (JsonObject)current.DeepClone();
        copy["spec"] = record.ToSpec();
        return copy;
    }

    [LoggerMessage(6050, LogLevel.Information, "Acquired lease {Namespace}/{Name} as {Identity}")]
    private static partial void LogAcquired(ILogger logger, string @namespace, string name, string identity);

    [LoggerMessage(6051, LogLevel.Error, "Lost lease {Namespace}/{Name} (not renewed in time; holder now {Holder})")]
    private static partial void LogLost(ILogger logger, string @namespace, string name, string holder);

    [LoggerMessage(6052, LogLevel.Information, "Released lease {Namespace}/{Name}")]
    private static partial void LogReleased(ILogger logger, string @namespace, string name);

    [LoggerMessage(6053, LogLevel.Warning, "Could not release lease {Name}: {Problem}")]
    private static partial void LogReleaseFailed(ILogger logger, string name, string problem);

    [LoggerMessage(6054, LogLevel.Warning, "Lease {Name}: acquire or renew failed: {Problem}")]
    private static partial void LogAttemptFailed(ILogger logger, string name, string problem);
}
