using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using SacOperator.Kubernetes.Api;

namespace SacOperator.Kubernetes.Watching;

/// <summary>
/// Keeps a local picture of one resource, client-go's reflector in small: list, then watch from
/// the list's resourceVersion with bookmarks; resume from the last version seen after a watch
/// ends or breaks (so no update is lost); relist when the version has expired (410, as an HTTP
/// status or an ERROR event); re-open a watch that went silent; back off with jitter after
/// failures. Malformed lines are skipped by the client and never end the watch.
/// </summary>
public sealed partial class ListWatcher(
    IKubernetesApi api,
    ListWatchOptions options,
    TimeProvider time,
    Func<double> jitter,
    KubernetesMetrics metrics,
    ILogger logger)
{
    private string? _resourceVersion;

    /// <summary>The version the next watch resumes from (advanced by events and bookmarks); null before the first list.</summary>
    public string? ResourceVersion => Volatile.Read(ref _resourceVersion);

    /// <summary>Runs until cancelled, yielding what changed (and bookmarks). The first item is always a full list.</summary>
    public async IAsyncEnumerable<ObjectChange> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var resource = options.Resource;
        var backoff = new ReconnectBackoff(options.InitialBackoff, options.MaxBackoff, jitter);
        while (!cancellationToken.IsCancellationRequested)
        {
            if (ResourceVersion is null)
            {
                var list = await TryListAsync(cancellationToken).ConfigureAwait(false);
                if (list is null)
                {
                    await DelayAsync(backoff.Next(), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                Volatile.Write(ref _resourceVersion, list.ResourceVersion);
                yield return ObjectChange.Replaced(list.Items);
            }

            using var watchCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watchOptions = new WatchOptions { ResourceVersion = ResourceVersion, Timeout = options.MinWatchTimeout * (1 + jitter()) };
            var events = api.WatchAsync(resource, options.Namespace, watchOptions, watchCancel.Token).GetAsyncEnumerator(watchCancel.Token);
            var delivered = false;
            string reason;
            try
            {
                while (true)
                {
                    var (next, ended) = await NextAsync(events, watchCancel, cancellationToken).ConfigureAwait(false);
                    if (next is null)
                    {
                        reason = ended!;
                        break;
                    }

                    if (next.Type == WatchEventTypes.Error)
                    {
                        reason = OnError(next.Status!);
                        break;
                    }

                    delivered = true;

                    if (next.ResourceVersion is { Length: > 0 } version)
                    {
                        Volatile.Write(ref _resourceVersion, version);
                    }

                    switch (next.Type)
                    {
                        case WatchEventTypes.Added or WatchEventTypes.Modified:
                            yield return ObjectChange.Upserted(next.Object);
                            break;
                        case WatchEventTypes.Deleted:
                            yield return ObjectChange.Deleted(next.Object);
                            break;
                        case WatchEventTypes.Bookmark:
                            yield return ObjectChange.Bookmarked;
                            break;
                        default:
                            LogUnknownEventType(logger, resource.Plural, next.Type);
                            break;
                    }
                }
            }
            finally
            {
                await events.DisposeAsync().ConfigureAwait(false);
            }

            metrics.WatchRestarts.Add(1, new("resource", resource.Plural), new("reason", reason));
            if (reason == "expired")
            {
                Volatile.Write(ref _resourceVersion, null);
            }

            if (delivered)
            {
                backoff.Reset();
            }

            // A watch that made progress and then ended (server timeout, silence, expiry) is resumed or
            // relisted at once; one that failed, or ended before delivering anything, waits, so a server
            // that rejects every watch (or expires every version at once) is not hammered.
            if (!delivered || reason is "dropped" or "error")
            {
                await DelayAsync(backoff.Next(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<ObjectList?> TryListAsync(CancellationToken cancellationToken)
    {
        try
        {
            var list = await api.ListAsync(options.Resource, options.Namespace, new ListOptions { PageSize = options.PageSize }, cancellationToken).ConfigureAwait(false);
            metrics.Lists.Add(1, new KeyValuePair<string, object?>("resource", options.Resource.Plural));
            LogListed(logger, options.Resource.Plural, list.Items.Count, list.ResourceVersion);
            return list;
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            LogResourceMissing(logger, options.Resource.ToString(), e.Status.Message);
            return null;
        }
        catch (Exception e) when (IsTransient(e, cancellationToken))
        {
            LogListFailed(logger, options.Resource.Plural, Describe(e));
            return null;
        }
    }

    /// <summary>The next event, or null and why the watch ended: closed, silent, dropped, expired or error.</summary>
    private async Task<(WatchEvent? Event, string? Ended)> NextAsync(
        IAsyncEnumerator<WatchEvent> events, CancellationTokenSource watchCancel, CancellationToken cancellationToken)
    {
        var move = events.MoveNextAsync().AsTask();
        try
        {
            return await move.WaitAsync(options.SilenceTimeout, time, cancellationToken).ConfigureAwait(false)
                ? (events.Current, null)
                : (null, "closed");
        }
        catch (TimeoutException)
        {
            LogSilent(logger, options.Resource.Plural, options.SilenceTimeout.TotalSeconds);
            await AbandonAsync(move, watchCancel).ConfigureAwait(false);
            return (null, "silent");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await AbandonAsync(move, watchCancel).ConfigureAwait(false);
            throw;
        }
        catch (KubernetesApiException e) when (e.IsGone)
        {
            LogExpired(logger, options.Resource.Plural, e.Status.Message);
            return (null, "expired");
        }
        catch (Exception e) when (IsTransient(e, cancellationToken))
        {
            LogWatchBroke(logger, options.Resource.Plural, ResourceVersion, Describe(e));
            return (null, e is KubernetesApiException ? "error" : "dropped");
        }
    }

    private string OnError(ApiStatus status)
    {
        if (status.Code == 410)
        {
            LogExpired(logger, options.Resource.Plural, status.Message);
            return "expired";
        }

        LogWatchBroke(logger, options.Resource.Plural, ResourceVersion, status.ToString());
        return "error";
    }

    /// <summary>Cancels a pending read and waits for it, so the enumerator can be disposed safely.</summary>
    private static async Task AbandonAsync(Task pending, CancellationTokenSource watchCancel)
    {
        await watchCancel.CancelAsync().ConfigureAwait(false);
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) =>
        e is KubernetesApiException or HttpRequestException or IOException or TimeoutException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static string Describe(Exception e) => e is KubernetesApiException api ? api.Status.ToString() : e.Message;

    [LoggerMessage(6010, LogLevel.Debug, "Listed {Count} {Resource} at resourceVersion {ResourceVersion}")]
    private static partial void LogListed(ILogger logger, string resource, int count, string resourceVersion);

    [LoggerMessage(6011, LogLevel.Warning, "Listing {Resource} failed ({Reason}); retrying with backoff")]
    private static partial void LogListFailed(ILogger logger, string resource, string reason);

    [LoggerMessage(6016, LogLevel.Error, "The API server does not serve {Resource} ({Reason}): are the CustomResourceDefinitions installed (kubectl apply -k manifests/)? Retrying with backoff")]
    private static partial void LogResourceMissing(ILogger logger, string resource, string reason);

    [LoggerMessage(6012, LogLevel.Information, "The {Resource} watch expired ({Reason}); relisting")]
    private static partial void LogExpired(ILogger logger, string resource, string reason);

    [LoggerMessage(6013, LogLevel.Warning, "The {Resource} watch broke at resourceVersion {ResourceVersion} ({Reason}); resuming with backoff")]
    private static partial void LogWatchBroke(ILogger logger, string resource, string? resourceVersion, string reason);

    [LoggerMessage(6014, LogLevel.Warning, "The {Resource} watch was silent for {Seconds}s; re-opening it")]
    private static partial void LogSilent(ILogger logger, string resource, double seconds);

    [LoggerMessage(6015, LogLevel.Warning, "Ignored a {Resource} watch event of unknown type {Type}")]
    private static partial void LogUnknownEventType(ILogger logger, string resource, string type);
}
