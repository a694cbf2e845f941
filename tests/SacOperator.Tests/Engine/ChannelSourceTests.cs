using System.Reflection;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Agents;
using SacOperator.Engine;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Engine;

/// <summary>
/// Out-of-band facts reach the queue through an injected <see cref="KeyChannel"/>: a real process
/// exit seen by <see cref="ProcessTracker"/> (pidfd), a restart request, and keys enqueued before
/// the controller attached. No producer has a callback to set after construction.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ChannelSourceTests : IDisposable
{
    private static readonly ResourceKey Worker = ResourceKey.Agent("worker");

    private readonly TempDirectory _dir = new("channel");
    private readonly KeyChannel _channel = new(ResourceKinds.Agent);
    private readonly ProcessExitWatcher _watcher = new(TimeProvider.System);

    public void Dispose()
    {
        _watcher.Dispose();
        _dir.Dispose();
    }

    [Test]
    public async Task ProcessExit_OfAWatchedAgentProcess_ReachesTheQueue()
    {
        await using var harness = await StartAsync();
        var tracker = new ProcessTracker(_watcher, _channel, TimeProvider.System);
        var process = ProcessSpawner.Spawn(new SpawnRequest
        {
            Arguments = ["sleep", "60"],
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
            StdoutPath = _dir.Combine("out"),
            StderrPath = _dir.Combine("err"),
        });
        tracker.AddChild(Worker, process);
        harness.Reconciler.Count(Worker).Should().Be(0);

        LibC.kill(process.Pid, LibC.SIGKILL);

        await harness.Reconciler.WaitFor(Worker, 1).WithTimeout();
    }

    [Test]
    public async Task RestartRequest_ReachesTheQueue()
    {
        await using var harness = await StartAsync();
        var restarts = new RestartRequests(_channel);

        restarts.Request(Worker, harness.Time.GetUtcNow());

        await harness.Reconciler.WaitFor(Worker, 1).WithTimeout();
        restarts.Latest(Worker).Should().Be(harness.Time.GetUtcNow());
    }

    [Test]
    public async Task KeysEnqueuedBeforeTheControllerStarted_AreDeliveredOnceItAttaches()
    {
        _channel.Enqueue(Worker);
        _channel.Enqueue(Worker);
        await using var harness = await StartAsync();

        await harness.Reconciler.WaitFor(Worker, 1).WithTimeout();
        await harness.Barrier();

        harness.Reconciler.Count(Worker).Should().Be(1, "a key waiting twice is still one key");
    }

    [Test]
    public void Attach_SecondConsumer_IsRefused()
    {
        using var first = _channel.Attach(_ => { });

        var second = () => _channel.Attach(_ => { });

        second.Should().Throw<InvalidOperationException>().WithMessage("*already feeds a controller*");
    }

    [TestCase(typeof(ProcessTracker))]
    [TestCase(typeof(RestartRequests))]
    [TestCase(typeof(AgentProber))]
    [TestCase(typeof(AgentReconciler))]
    public void Producer_HasNoCallbackToSetAfterConstruction(Type producer)
    {
        var settable = producer.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && typeof(Delegate).IsAssignableFrom(p.PropertyType))
            .Select(p => p.Name)
            .Concat(producer.GetEvents(BindingFlags.Public | BindingFlags.Instance).Select(e => e.Name));

        settable.Should().BeEmpty("keys reach the queue through the KeyChannel given to the constructor");
        producer.GetConstructors().Should().ContainSingle().Which.GetParameters().Should().Contain(p => p.ParameterType == typeof(KeyChannel));
    }

    private async Task<ControllerHarness> StartAsync()
    {
        var harness = new ControllerHarness(extra: _ => [new ChannelSource(_channel)]);
        harness.Store.CompleteSync();
        await harness.StartAsync();
        await harness.Controller.Started.WithTimeout();
        return harness;
    }
}
