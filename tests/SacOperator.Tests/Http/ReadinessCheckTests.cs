using FluentAssertions;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using SacOperator.Operator.Hosting;
using SacOperator.Operator.Http;
using SacOperator.State;
using SacOperator.Stores;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Http;

[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ReadinessCheckTests : IDisposable
{
    private readonly TempDirectory _dir = new("readiness");
    private readonly StateStore _state;
    private readonly Lifetime _lifetime = new();

    public ReadinessCheckTests()
    {
        _state = StateStore.Open(_dir.Combine("state.db"));
    }

    public void Dispose()
    {
        _state.Dispose();
        _lifetime.Dispose();
        _dir.Dispose();
    }

    [Test]
    public void Check_SyncedStoreWritableDb_IsReady()
    {
        var report = new ReadinessCheck([Store(synced: true)], [], _state, Monitor(), _lifetime).Check();

        report.Ready.Should().BeTrue();
        report.Reason.Should().BeEmpty();
        report.Items.Select(i => i.Name).Should().Equal("store/fake", "state");
    }

    [Test]
    public void Check_StoreNotSynced_NamesIt()
    {
        var report = new ReadinessCheck([Store(synced: true), Store(synced: false, name: "kubernetes")], [], _state, Monitor(), _lifetime).Check();

        report.Ready.Should().BeFalse();
        report.Reason.Should().Be("store 'kubernetes' has not finished its initial sync");
    }

    [Test]
    public void Check_StoreThatLostSightOfItsSource_IsNotReadyWithTheStoresReason()
    {
        const string gone = "watched directory /srv/agents is gone (no such file or directory); its last known specs are kept";

        var report = new ReadinessCheck([new FakeStore("directory", gone)], [], _state, Monitor(), _lifetime).Check();

        report.Ready.Should().BeFalse();
        report.Reason.Should().Be(gone);
        report.Items.Single(i => i.Name == "store/directory").Ok.Should().BeFalse();
    }

    [Test]
    public void Check_WhileStopping_IsNotReady()
    {
        _lifetime.StopApplication();

        var report = new ReadinessCheck([Store(synced: true)], [], _state, Monitor(), _lifetime).Check();

        report.Ready.Should().BeFalse();
        report.Reason.Should().Be("the operator is shutting down");
    }

    [Test]
    public void Check_StateDbOverwrittenWithGarbage_IsNotReadyAndSaysWhy()
    {
        var monitor = Monitor();
        using (var db = File.OpenWrite(_state.Path))
        {
            db.Write(Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray());
        }

        monitor.ProbeOnce();
        var report = new ReadinessCheck([Store(synced: true)], [], _state, monitor, _lifetime).Check();

        report.Ready.Should().BeFalse();
        report.Reason.Should().Contain(_state.Path).And.Contain("not writable");
    }

    [Test]
    public void Check_StateDbRemovedUnderTheOperator_StopsTheOperatorWithTheReason()
    {
        var monitor = Monitor();
        File.Delete(_state.Path);

        var keepGoing = monitor.ProbeOnce();

        keepGoing.Should().BeFalse();
        _lifetime.ApplicationStopping.IsCancellationRequested.Should().BeTrue();
        monitor.Lost.Should().Contain("removed or replaced");
        new ReadinessCheck([Store(synced: true)], [], _state, monitor, _lifetime).Check().Ready.Should().BeFalse();
    }

    private StateMonitor Monitor() => new(_state, TimeProvider.System, _lifetime, Microsoft.Extensions.Logging.Abstractions.NullLogger<StateMonitor>.Instance);

    private static GatedStore Store(bool synced, string name = "fake")
    {
        var store = new GatedStore(new FakeStore(name));
        if (synced)
        {
            store.Release();
        }

        return store;
    }

    private sealed class FakeStore(string name, string? problem = null) : IResourceStore
    {
        public string Name => name;

        public ResourceCache Cache { get; } = new();

        public bool HasSynced => problem is null;

        public string? NotSyncedReason => problem;

        public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class Lifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }
}
