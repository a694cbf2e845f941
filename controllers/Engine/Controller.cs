using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SacOperator.Model;
using SacOperator.Telemetry;

namespace SacOperator.Engine;

/// <summary>
/// Runs one controller's reconcile loop: starts its sources, waits until every one has synced,
/// enqueues their initial keys, then lets workers drain the queue. Follows controller-runtime's
/// contract: <c>Done</c> always; <c>Forget</c> on success; rate-limited re-add on error;
/// <c>AddAfter</c> on requested requeue; terminal errors are logged and not retried.
/// </summary>
public sealed partial class Controller(
    ControllerOptions options,
    IReconciler reconciler,
    WorkQueue<ResourceKey> queue,
    SacMetrics metrics,
    ILogger<Controller> logger) : BackgroundService
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _reconcileCounter;

    public string Name => options.Name;

    public string Kind => options.Kind;

    public WorkQueue<ResourceKey> Queue => queue;

    /// <summary>True once every source synced and workers run.</summary>
    public bool IsStarted => _started.Task.IsCompletedSuccessfully;

    public Task Started => _started.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var subscriptions = new List<IDisposable>(options.Sources.Count);
        try
        {
            foreach (var source in options.Sources)
            {
                subscriptions.Add(source.Start(queue.Add));
            }

            await Task.WhenAll(options.Sources.Select(s => s.WaitForSyncAsync(stoppingToken))).ConfigureAwait(false);
            var keys = new HashSet<ResourceKey>();
            foreach (var source in options.Sources)
            {
                keys.UnionWith(await source.InitialKeysAsync(stoppingToken).ConfigureAwait(false));
            }

            foreach (var key in keys)
            {
                queue.Add(key);
            }

            LogStarting(logger, options.Name, options.Kind, options.Workers, keys.Count);
            var workers = Enumerable.Range(0, options.Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)).ToArray();
            _started.TrySetResult();
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var subscription in subscriptions)
            {
                subscription.Dispose();
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.ShutDown();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
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
        using var scope = logger.BeginScope(Scope(key, reconcileId));
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

        var tags = Tags(key);
        metrics.ReconcileDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        tags.Add("result", result);
        metrics.ReconcileTotal.Add(1, tags);
    }

    /// <summary><c>controller</c> and <c>kind</c>, plus the key's <c>namespace</c> where it has one (Kubernetes mode).</summary>
    private TagList Tags(ResourceKey key)
    {
        var tags = new TagList { { "controller", options.Name }, { "kind", key.Kind } };
        if (key.Namespace.Length > 0)
        {
            tags.Add("namespace", key.Namespace);
        }

        return tags;
    }

    private Dictionary<string, object> Scope(ResourceKey key, long reconcileId)
    {
        var scope = new Dictionary<string, object> { ["Controller"] = options.Name, ["Kind"] = key.Kind };
        if (key.Namespace.Length > 0)
        {
            scope["Namespace"] = key.Namespace;
        }

        scope["Name"] = key.Name;
        scope["ReconcileId"] = reconcileId;
        return scope;
    }

    [LoggerMessage(1001, LogLevel.Information, "{Controller} controller ({Kind}) started with {Workers} workers and {Keys} keys")]
    private static partial void LogStarting(ILogger logger, string controller, string kind, int workers, int keys);

    [LoggerMessage(1002, LogLevel.Warning, "Reconcile of {Key} failed (attempt {Attempt}); retrying with backoff")]
    private static partial void LogFailed(ILogger logger, string key, int attempt, Exception exception);

    [LoggerMessage(1003, LogLevel.Error, "Reconcile of {Key} failed permanently: {Reason}")]
    private static partial void LogTerminal(ILogger logger, string key, string reason);
}
