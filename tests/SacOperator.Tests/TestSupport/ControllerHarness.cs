using Microsoft.Extensions.Logging.Abstractions;
using SacOperator.Engine;
using SacOperator.Model;
using SacOperator.Telemetry;

namespace SacOperator.Tests.TestSupport;

/// <summary>A controller of Agents over a hand-filled store, with a manual clock for its queue.</summary>
public sealed class ControllerHarness : IAsyncDisposable
{
    private readonly SacMetrics _metrics;
    private readonly bool _ownsMetrics;
    private int _barriers;

    /// <param name="extra">Sources beside the store of Agents (mapped, channel, ...), given the store.</param>
    /// <param name="metrics">Shared with another harness to compare their series; owned (and disposed) when null.</param>
    public ControllerHarness(
        int workers = 1,
        IReadOnlyList<IKeySource>? keySources = null,
        Func<ManualStore, IEnumerable<IEventSource>>? extra = null,
        string name = "agents",
        SacMetrics? metrics = null,
        ManualStore? store = null)
    {
        _ownsMetrics = metrics is null;
        _metrics = metrics ?? new SacMetrics();
        Store = store ?? new ManualStore();
        Reconciler = new RecordingReconciler(Store);
        var queue = new WorkQueue<ResourceKey>(name, Time,
            new ExponentialFailureRateLimiter<ResourceKey>(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)),
            new QueueMetricsObserver(_metrics, name, ResourceKinds.Agent));
        IEventSource[] sources =
        [
            new StoreSource(Store, ResourceKinds.Agent),
            .. (keySources ?? []).Select(k => new InitialKeySource(k, ResourceKinds.Agent)),
            .. extra?.Invoke(Store) ?? [],
        ];
        Controller = new Controller(
            new ControllerOptions { Name = name, Kind = ResourceKinds.Agent, Workers = workers, Sources = sources },
            Reconciler, queue, _metrics, NullLogger<Controller>.Instance);
    }

    public ManualTimeProvider Time { get; } = new();

    public ManualStore Store { get; }

    public RecordingReconciler Reconciler { get; }

    public Controller Controller { get; }

    public Task StartAsync() => Controller.StartAsync(CancellationToken.None);

    /// <summary>
    /// Queues a fresh key and waits for its reconcile. With one worker the queue is FIFO, so
    /// everything queued before (and the follow-up of the reconcile in progress) is done by then.
    /// </summary>
    public async Task Barrier()
    {
        var key = ResourceKey.Agent($"{RecordingReconciler.BarrierPrefix}{++_barriers}");
        Controller.Queue.Add(key);
        await Reconciler.WaitFor(key, 1).WithTimeout();
    }

    public async ValueTask DisposeAsync()
    {
        await Controller.StopAsync(CancellationToken.None).WithTimeout();
        Controller.Dispose();
        Controller.Queue.Dispose();
        if (_ownsMetrics)
        {
            _metrics.Dispose();
        }
    }
}
