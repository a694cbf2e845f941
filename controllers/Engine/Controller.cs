using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SacOperator.Model;
using SacOperator.Stores;
using SacOperator.Telemetry;

namespace SacOperator.Engine;

/// <summary>
/// Runs one kind's reconcile loop: subscribes to the store, waits for its initial sync, enqueues
/// every known key, then lets workers drain the queue. Follows controller-runtime's contract:
/// <c>Done</c> always; <c>Forget</c> on success; rate-limited re-add on error; <c>AddAfter</c> on
/// requested requeue; terminal errors are logged and not retried.
/// </summary>
public sealed partial class Controller(
    ControllerOptions options,
    IResourceStore store,
    IReconciler reconciler,
    WorkQueue<ResourceKey> queue,
    IEnumerable<IKeySource> keySources,
    SacMetrics metrics,
    ILogger<Controller> logger) : BackgroundService
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _reconcileCounter;

    public string Kind => options.Kind;

    public WorkQueue<ResourceKey> Queue => queue;

    /// <summary>True once the initial sync finished and workers run.</summary>
    public bool IsStarted => _started.Task.IsCompletedSuccessfully;

    public Task Started => _started.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = store.Cache.Subscribe(OnChange);
        await store.WaitForSyncAsync(stoppingToken).ConfigureAwait(false);

        var keys = new HashSet<ResourceKey>(store.Cache.Snapshot.OfKind(options.Kind).Select(r => r.Key));
        foreach (var source in keySources)
        {
            keys.UnionWith(await source.InitialKeysAsync(options.Kind, stoppingToken).ConfigureAwait(false));
        }

        foreach (var key in keys)
        {
            queue.Add(key);
        }

        LogStarting(logger, options.Kind, options.Workers, keys.Count);
        var workers = Enumerable.Range(0, options.Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)).ToArray();
        _started.TrySetResult();
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.ShutDown();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnChange(ResourceKey key)
    {
        if (key.Kind == options.Kind)
        {
            queue.Add(key);
            return;
        }

        foreach (var dependent in options.Dependents)
        {
            if (dependent.Kind != key.Kind)
            {
                continue;
            }

            foreach (var mapped in dependent.Map(key, store.Cache.Snapshot))
            {
                queue.Add(mapped);
            }
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var (ok, key) = await queue.GetAsync(stoppingToken).ConfigureAwait(false);
            if (!ok)
            {
                return;
            }

            try
            {
                await ProcessAsync(key, stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                queue.Done(key);
            }
        }
    }

    private async Task ProcessAsync(ResourceKey key, CancellationToken stoppingToken)
    {
        var reconcileId = Interlocked.Increment(ref _reconcileCounter);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Kind"] = key.Kind, ["Name"] = key.Name, ["ReconcileId"] = reconcileId });
        var started = Stopwatch.GetTimestamp();
        string result;
        try
        {
            var outcome = await reconciler.ReconcileAsync(key, stoppingToken).ConfigureAwait(false);
            queue.Forget(key);
            if (outcome.RequeueAfter is { } delay)
            {
                queue.AddAfter(key, delay);
                result = "requeue";
            }
            else
            {
                result = "success";
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (TerminalReconcileException e)
        {
            queue.Forget(key);
            LogTerminal(logger, key.ToString(), e.Message);
            result = "terminal";
        }
        catch (Exception e)
        {
            LogFailed(logger, key.ToString(), queue.NumRequeues(key) + 1, e);
            queue.AddRateLimited(key);
            result = "error";
        }

        var kind = new KeyValuePair<string, object?>("kind", key.Kind);
        metrics.ReconcileTotal.Add(1, kind, new KeyValuePair<string, object?>("result", result));
        metrics.ReconcileDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, kind);
    }

    [LoggerMessage(1001, LogLevel.Information, "{Kind} controller started with {Workers} workers and {Keys} keys")]
    private static partial void LogStarting(ILogger logger, string kind, int workers, int keys);

    [LoggerMessage(1002, LogLevel.Warning, "Reconcile of {Key} failed (attempt {Attempt}); retrying with backoff")]
    private static partial void LogFailed(ILogger logger, string key, int attempt, Exception exception);

    [LoggerMessage(1003, LogLevel.Error, "Reconcile of {Key} failed permanently: {Reason}")]
    private static partial void LogTerminal(ILogger logger, string key, string reason);
}
