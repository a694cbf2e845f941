using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using SacOperator.Engine;
using SacOperator.Model;
using SacOperator.Stores;
using SacOperator.Telemetry;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Engine;

[TestFixture]
public sealed class ControllerTests
{
    private static readonly ResourceKey AgentA = ResourceKey.Agent("a");
    private static readonly ResourceKey AgentB = ResourceKey.Agent("b");
    private static readonly ResourceKey AgentC = ResourceKey.Agent("c");

    [Test]
    public async Task Controller_BeforeInitialSync_DoesNotReconcile()
    {
        await using var harness = new Harness();
        harness.Store.Put(AgentA);
        await harness.StartAsync();

        await harness.Store.SyncAwaited.WithTimeout();
        harness.Store.Put(AgentB, "v2");

        harness.Controller.IsStarted.Should().BeFalse();
        harness.Reconciler.Calls.Should().BeEmpty();
        harness.Store.CompleteSync();
        await harness.Controller.Started.WithTimeout();
        await harness.Reconciler.WaitFor(AgentA, 1).WithTimeout();
        await harness.Reconciler.WaitFor(AgentB, 1).WithTimeout();
        harness.Reconciler.ReconciledBeforeSync.Should().BeFalse();
    }

    [Test]
    public async Task Controller_InitialSync_ReconcilesEveryKeyOfItsKindAndEveryKeySourceKeyOnce()
    {
        var orphan = ResourceKey.Agent("orphan");
        var keySource = new FixedKeySource(orphan, AgentA);
        await using var harness = new Harness(keySources: [keySource]);
        harness.Store.Put(AgentA);
        harness.Store.Put(AgentB);
        harness.Store.Put(new ResourceKey(ResourceKinds.Image, "", "base"));
        harness.Store.CompleteSync();

        await harness.StartAsync();
        await harness.Reconciler.WaitFor(AgentA, 1).WithTimeout();
        await harness.Reconciler.WaitFor(AgentB, 1).WithTimeout();
        await harness.Reconciler.WaitFor(orphan, 1).WithTimeout();
        await harness.Barrier();

        harness.Reconciler.CallsExceptBarriers.Should().BeEquivalentTo([AgentA, AgentB, orphan]);
        keySource.KindsAsked.Should().Equal(ResourceKinds.Agent);
    }

    [Test]
    public async Task Controller_ChangeNotification_EnqueuesTheChangedKey()
    {
        await using var harness = new Harness();
        harness.Store.Put(AgentA);
        harness.Store.Put(AgentB);
        harness.Store.CompleteSync();
        await harness.StartAsync();
        await harness.Reconciler.WaitFor(AgentA, 1).WithTimeout();
        await harness.Reconciler.WaitFor(AgentB, 1).WithTimeout();

        harness.Store.Put(AgentA, "v2");
        await harness.Reconciler.WaitFor(AgentA, 2).WithTimeout();
        harness.Store.Put(AgentC);
        await harness.Reconciler.WaitFor(AgentC, 1).WithTimeout();
        harness.Store.Remove(AgentB);
        await harness.Reconciler.WaitFor(AgentB, 2).WithTimeout();
        await harness.Barrier();

        var calls = harness.Reconciler.CallsExceptBarriers;
        calls.Take(2).Should().BeEquivalentTo([AgentA, AgentB], "the initial keys come in no particular order");
        calls.Skip(2).Should().Equal(AgentA, AgentC, AgentB);
    }

    [Test]
    public async Task Controller_ChangeOfUnrelatedKind_EnqueuesNothing()
    {
        await using var harness = new Harness();
        harness.Store.Put(AgentA);
        harness.Store.CompleteSync();
        await harness.StartAsync();
        await harness.Reconciler.WaitFor(AgentA, 1).WithTimeout();

        harness.Store.Put(new ResourceKey(ResourceKinds.Host, "", "a"));
        await harness.Barrier();

        harness.Reconciler.CallsExceptBarriers.Should().Equal(AgentA);
    }

    [Test]
    public async Task Controller_RequeueAfter_ReconcilesAgainOnlyWhenTimeAdvancesPastTheDelay()
    {
        await using var harness = new Harness();
        harness.Reconciler.Behaviour = (key, attempt) => key == AgentA && attempt == 1 ? ReconcileResult.After(TimeSpan.FromSeconds(30)) : ReconcileResult.Done;
        harness.Store.Put(AgentA);
        harness.Store.CompleteSync();
        await harness.StartAsync();
        await harness.Reconciler.WaitFor(AgentA, 1).WithTimeout();
        await harness.Barrier();

        harness.Controller.Queue.DelayedCount.Should().Be(1);
        harness.Time.Advance(TimeSpan.FromSeconds(29));
        await harness.Barrier();
        harness.Reconciler.Count(AgentA).Should().Be(1);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.Reconciler.WaitFor(AgentA, 2).WithTimeout();
        await harness.Barrier();

        harness.Controller.Queue.DelayedCount.Should().Be(0);
        harness.Reconciler.Count(AgentA).Should().Be(2);
    }

    [Test]
    public async Task Controller_ReconcileThrows_RetriesWithGrowingBackoffAndForgetsOnSuccess()
    {
        await using var harness = new Harness();
        harness.Reconciler.Behaviour = (key, attempt) => key == AgentA && attempt <= 2 ? throw new InvalidOperationException("boom") : ReconcileResult.Done;
        harness.Store.Put(AgentA);
        harness.Store.CompleteSync();
        await harness.StartAsync();
        await harness.Reconciler.WaitFor(AgentA, 1).WithTimeout();
        await harness.Barrier();

        harness.Controller.Queue.NumRequeues(AgentA).Should().Be(1);
        harness.Controller.Queue.DelayedCount.Should().Be(1);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.Reconciler.WaitFor(AgentA, 2).WithTimeout();
        await harness.Barrier();
        harness.Controller.Queue.NumRequeues(AgentA).Should().Be(2);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.Barrier();
        harness.Reconciler.Count(AgentA).Should().Be(2, "the second retry waits 2s");
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.Reconciler.WaitFor(AgentA, 3).WithTimeout();
        await harness.Barrier();

        harness.Controller.Queue.NumRequeues(AgentA).Should().Be(0);
        harness.Controller.Queue.DelayedCount.Should().Be(0);
    }

    [Test]
    public async Task Controller_TerminalReconcileException_IsNotRetried()
    {
        await using var harness = new Harness();
        harness.Reconciler.Behaviour = (key, _) => key == AgentA ? throw new TerminalReconcileException("invalid spec") : ReconcileResult.Done;
        harness.Store.Put(AgentA);
        harness.Store.CompleteSync();
        await harness.StartAsync();
        await harness.Reconciler.WaitFor(AgentA, 1).WithTimeout();
        await harness.Barrier();

        harness.Controller.Queue.NumRequeues(AgentA).Should().Be(0);
        harness.Controller.Queue.DelayedCount.Should().Be(0);
        harness.Time.Advance(TimeSpan.FromHours(1));
        await harness.Barrier();
        harness.Reconciler.Count(AgentA).Should().Be(1);
        harness.Store.Put(AgentA, "v2");
        await harness.Reconciler.WaitFor(AgentA, 2).WithTimeout();
    }

    [Test]
    public async Task Controller_DependentKindChange_EnqueuesTheMappedKeysOnly()
    {
        var images = new Dictionary<string, string> { ["a"] = "base", ["b"] = "base", ["c"] = "other" };
        await using var harness = new Harness(extra: store => [new MappedSource(new StoreChangeSource(store, ResourceKinds.Image), changed =>
            store.Cache.Snapshot.OfKind(ResourceKinds.Agent).Where(r => images[r.Key.Name] == changed.Name).Select(r => r.Key))]);
        var baseImage = new ResourceKey(ResourceKinds.Image, "", "base");
        harness.Store.Put(AgentA);
        harness.Store.Put(AgentB);
        harness.Store.Put(AgentC);
        harness.Store.Put(baseImage);
        harness.Store.CompleteSync();
        await harness.StartAsync();
        await harness.Reconciler.WaitFor(AgentA, 1).WithTimeout();
        await harness.Reconciler.WaitFor(AgentB, 1).WithTimeout();
        await harness.Reconciler.WaitFor(AgentC, 1).WithTimeout();

        harness.Store.Put(baseImage, "v2");
        await harness.Reconciler.WaitFor(AgentA, 2).WithTimeout();
        await harness.Reconciler.WaitFor(AgentB, 2).WithTimeout();
        harness.Store.Put(new ResourceKey(ResourceKinds.Host, "", "base"));
        await harness.Barrier();

        harness.Reconciler.Count(AgentC).Should().Be(1);
        harness.Reconciler.CallsExceptBarriers.Should().OnlyContain(k => k.Kind == ResourceKinds.Agent);
        harness.Reconciler.CallsExceptBarriers.Should().HaveCount(5);
    }

    [Test]
    public async Task Controller_KeyChangesWhileBeingReconciled_IsNeverReconciledTwiceAtOnce()
    {
        await using var harness = new Harness(workers: 4);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Reconciler.Gate = (key, attempt) => key == AgentA && attempt == 1 ? gate.Task : Task.CompletedTask;
        harness.Store.Put(AgentA);
        harness.Store.CompleteSync();
        await harness.StartAsync();
        await harness.Reconciler.WaitFor(AgentA, 1).WithTimeout();

        harness.Store.Put(AgentA, "v2");
        harness.Store.Put(AgentA, "v3");
        harness.Store.Put(AgentB);
        await harness.Reconciler.WaitFor(AgentB, 1).WithTimeout();
        harness.Reconciler.Count(AgentA).Should().Be(1);
        gate.SetResult();
        await harness.Reconciler.WaitFor(AgentA, 2).WithTimeout();

        harness.Reconciler.MaxConcurrentPerKey.Should().Be(1);
    }

    [Test]
    public async Task Controller_StopAsync_CancelsRunningReconcileAndReturns()
    {
        await using var harness = new Harness();
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Reconciler.Gate = (_, _) => new TaskCompletionSource().Task;
        harness.Reconciler.OnCancelled = () => cancelled.TrySetResult();
        harness.Store.Put(AgentA);
        harness.Store.CompleteSync();
        await harness.StartAsync();
        await harness.Reconciler.WaitFor(AgentA, 1).WithTimeout();

        await harness.Controller.StopAsync(CancellationToken.None).WithTimeout();

        cancelled.Task.IsCompleted.Should().BeTrue();
        harness.Controller.Queue.IsShuttingDown.Should().BeTrue();
    }

    /// <summary>A controller of Agents over a fake store, with a manual clock for its queue.</summary>
    private sealed class Harness : IAsyncDisposable
    {
        private readonly SacMetrics _metrics = new();
        private int _barriers;

        public Harness(int workers = 1, IReadOnlyList<IKeySource>? keySources = null, Func<FakeStore, IEnumerable<IEventSource>>? extra = null)
        {
            Reconciler = new RecordingReconciler(Store);
            var queue = new WorkQueue<ResourceKey>(ResourceKinds.Agent, Time,
                new ExponentialFailureRateLimiter<ResourceKey>(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)));
            IEventSource[] sources =
            [
                new StoreSource(Store, ResourceKinds.Agent),
                .. (keySources ?? []).Select(k => new InitialKeySource(k, ResourceKinds.Agent)),
                .. extra?.Invoke(Store) ?? [],
            ];
            Controller = new Controller(
                new ControllerOptions { Name = "agents", Kind = ResourceKinds.Agent, Workers = workers, Sources = sources },
                Reconciler, queue, _metrics, NullLogger<Controller>.Instance);
        }

        public ManualTimeProvider Time { get; } = new();

        public FakeStore Store { get; } = new();

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
            _metrics.Dispose();
        }
    }

    private sealed class FakeStore : IResourceStore
    {
        private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _syncAwaited = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => "fake";

        public ResourceCache Cache { get; } = new();

        public bool HasSynced => _synced.Task.IsCompleted;

        /// <summary>Completes when someone starts waiting for the initial sync.</summary>
        public Task SyncAwaited => _syncAwaited.Task;

        public Task WaitForSyncAsync(CancellationToken cancellationToken)
        {
            _syncAwaited.TrySetResult();
            return _synced.Task.WaitAsync(cancellationToken);
        }

        public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void CompleteSync() => _synced.TrySetResult();

        public void Put(ResourceKey key, string hash = "v1") =>
            Cache.Apply([new(key, new StoredResource { Key = key, Source = "test", ContentHash = hash })]);

        public void Remove(ResourceKey key) => Cache.Apply([new(key, null)]);
    }

    private sealed class RecordingReconciler(FakeStore store) : IReconciler
    {
        public const string BarrierPrefix = "barrier-";

        private readonly Lock _lock = new();
        private readonly List<ResourceKey> _calls = [];
        private readonly Dictionary<ResourceKey, int> _counts = [];
        private readonly Dictionary<ResourceKey, int> _active = [];
        private readonly List<(ResourceKey Key, int Count, TaskCompletionSource Signal)> _waiters = [];
        private int _maxConcurrentPerKey;
        private bool _reconciledBeforeSync;

        /// <summary>Result of the attempt (1-based) for a key; may throw.</summary>
        public Func<ResourceKey, int, ReconcileResult> Behaviour { get; set; } = (_, _) => ReconcileResult.Done;

        /// <summary>Awaited (with the reconcile's token) before the behaviour runs.</summary>
        public Func<ResourceKey, int, Task> Gate { get; set; } = (_, _) => Task.CompletedTask;

        public Action? OnCancelled { get; set; }

        public IReadOnlyList<ResourceKey> Calls
        {
            get
            {
                lock (_lock)
                {
                    return [.. _calls];
                }
            }
        }

        public IReadOnlyList<ResourceKey> CallsExceptBarriers =>
            [.. Calls.Where(k => !k.Name.StartsWith(BarrierPrefix, StringComparison.Ordinal))];

        public bool ReconciledBeforeSync
        {
            get
            {
                lock (_lock)
                {
                    return _reconciledBeforeSync;
                }
            }
        }

        public int MaxConcurrentPerKey
        {
            get
            {
                lock (_lock)
                {
                    return _maxConcurrentPerKey;
                }
            }
        }

        public int Count(ResourceKey key)
        {
            lock (_lock)
            {
                return _counts.GetValueOrDefault(key);
            }
        }

        /// <summary>Completes once <paramref name="key"/> has been reconciled <paramref name="count"/> times (the call has started).</summary>
        public Task WaitFor(ResourceKey key, int count)
        {
            lock (_lock)
            {
                if (_counts.GetValueOrDefault(key) >= count)
                {
                    return Task.CompletedTask;
                }

                var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((key, count, signal));
                return signal.Task;
            }
        }

        public async Task<ReconcileResult> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken)
        {
            int attempt;
            lock (_lock)
            {
                _reconciledBeforeSync |= !store.HasSynced;
                _calls.Add(key);
                attempt = _counts[key] = _counts.GetValueOrDefault(key) + 1;
                var active = _active[key] = _active.GetValueOrDefault(key) + 1;
                _maxConcurrentPerKey = Math.Max(_maxConcurrentPerKey, active);
                foreach (var waiter in _waiters.Where(w => w.Key == key && w.Count <= attempt).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Signal.TrySetResult();
                }
            }

            try
            {
                try
                {
                    await Gate(key, attempt).WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    OnCancelled?.Invoke();
                    throw;
                }

                return Behaviour(key, attempt);
            }
            finally
            {
                lock (_lock)
                {
                    _active[key]--;
                }
            }
        }
    }

    private sealed class FixedKeySource(params ResourceKey[] keys) : IKeySource
    {
        private readonly List<string> _kindsAsked = [];

        public IReadOnlyList<string> KindsAsked => _kindsAsked;

        public Task<IEnumerable<ResourceKey>> InitialKeysAsync(string kind, CancellationToken cancellationToken)
        {
            _kindsAsked.Add(kind);
            return Task.FromResult<IEnumerable<ResourceKey>>(keys);
        }
    }
}
