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
        await using var harness = new ControllerHarness();
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
        await using var harness = new ControllerHarness(keySources: [keySource]);
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
        await using var harness = new ControllerHarness();
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
        await using var harness = new ControllerHarness();
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
        await using var harness = new ControllerHarness();
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
        await using var harness = new ControllerHarness();
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
        await using var harness = new ControllerHarness();
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
        await using var harness = new ControllerHarness(extra: store => [new MappedSource(new StoreSource(store, ResourceKinds.Image), changed =>
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
        await using var harness = new ControllerHarness(workers: 4);
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
        await using var harness = new ControllerHarness();
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
