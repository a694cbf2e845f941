using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using SacOperator.Engine;
using SacOperator.Logs;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Nodes;

/// <summary>
/// The node contract (decision 0015) against this machine, with real processes started through
/// the local runtime: what the Agent reconciler relies on from any node.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class LocalNodeContractTests : IDisposable
{
    private readonly TempDirectory _dir = new("node");
    private readonly ProcessExitWatcher _watcher = new(TimeProvider.System);
    private readonly List<StartedAgent> _started = [];
    private readonly LocalNode _node;

    public LocalNodeContractTests()
    {
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["HOME"] = _dir.Path,
        };
        var runtimes = new RuntimeRegistry([new LocalRuntime(environment, new ProcessRunner())]);
        _node = new LocalNode(
            "node-under-test",
            runtimes,
            new ProcessTracker(_watcher, new KeyChannel("agents"), TimeProvider.System),
            new LaunchInventory(_dir.Path),
            new StrayReaper(TimeProvider.System),
            new LogRotator(new LogRotationOptions(), NullLogger<LogRotator>.Instance),
            new LocalNodeFiles(_dir.Path, environment));
    }

    public void Dispose()
    {
        foreach (var started in _started)
        {
            _node.Signal(started.Process.Pid, started.Process.StartTicks, LibC.SIGKILL);
        }

        _watcher.Dispose();
        _dir.Dispose();
    }

    [Test]
    public async Task Start_AgentExitsWithCode_ObservedRunningThenExitedWithThatCode()
    {
        var (key, launch) = Launch("exits", "read line; exit 7");

        var started = await StartAsync(launch);
        var running = _node.Observe(key, started.Process.Pid, started.Process.StartTicks);
        _node.WriteStdin(launch.Paths, "go\n").Should().BeTrue("the agent holds its stdin FIFO open");
        var exited = await ObserveUntil(key, started, p => p.Status == ProcessStatus.Exited, "the agent's exit");

        running.Status.Should().Be(ProcessStatus.Running);
        _node.IsAlive(started.Process.Pid, started.Process.StartTicks).Should().BeFalse();
        exited.ExitCode.Should().Be(7);
        exited.Code.Should().Be(7);
    }

    [Test]
    public async Task Signal_TerminateTheRunningAgent_ExitObservedWithTheSignal()
    {
        var (key, launch) = Launch("terminated", "exec sleep 60");
        var started = await StartAsync(launch);

        var sent = _node.Signal(started.Process.Pid, started.Process.StartTicks, LibC.SIGTERM);
        var exited = await ObserveUntil(key, started, p => p.Status == ProcessStatus.Exited, "the agent's exit");

        sent.Should().BeTrue();
        exited.Signal.Should().Be(LibC.SIGTERM);
        exited.Code.Should().Be(128 + LibC.SIGTERM);
    }

    [Test]
    public async Task Signal_StopThenContinue_ObservedFrozenThenRunning()
    {
        var (key, launch) = Launch("frozen", "exec sleep 60");
        var started = await StartAsync(launch);

        _node.Signal(started.Process.Pid, started.Process.StartTicks, LibC.SIGSTOP).Should().BeTrue();
        var frozen = await ObserveUntil(key, started, p => p.Status == ProcessStatus.Frozen, "the agent frozen");
        _node.Signal(started.Process.Pid, started.Process.StartTicks, LibC.SIGCONT).Should().BeTrue();
        var thawed = await ObserveUntil(key, started, p => p.Status == ProcessStatus.Running, "the agent running again");

        frozen.IsAlive.Should().BeTrue();
        thawed.IsAlive.Should().BeTrue();
    }

    [Test]
    public async Task Signal_PidWithAnotherStartTime_TouchesNothing()
    {
        var (key, launch) = Launch("reused", "exec sleep 60");
        var started = await StartAsync(launch);

        var sent = _node.Signal(started.Process.Pid, started.Process.StartTicks + 1, LibC.SIGKILL);

        sent.Should().BeFalse("a pid whose start time differs is another process");
        _node.Observe(key, started.Process.Pid, started.Process.StartTicks).Status.Should().Be(ProcessStatus.Running);
    }

    [Test]
    public async Task ReadHeartbeat_AgentWritesItsHeartbeatFile_ReadingCarriesItsTimeAndState()
    {
        var (key, launch) = Launch("beating", """printf '{"ts":"2026-12-06T10:00:00Z","pid":%s,"state":"working"}' $$ > "$SAC_HEARTBEAT_FILE"; exec sleep 60""");
        var started = await StartAsync(launch);

        var reading = await Eventually.Until(() => _node.ReadHeartbeat(launch.Paths), r => r?.State is not null, "the heartbeat written");

        reading!.Timestamp.Should().Be(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));
        reading.State.Should().Be("working");
        _node.Observe(key, started.Process.Pid, started.Process.StartTicks).IsAlive.Should().BeTrue();
    }

    [Test]
    public void ReadHeartbeat_NoHeartbeatWritten_IsNull()
    {
        var (_, launch) = Launch("silent", "exec sleep 60");

        var reading = _node.ReadHeartbeat(launch.Paths);

        reading.Should().BeNull();
    }

    [Test]
    public async Task WriteStdin_AgentEchoesTheLineToStderr_TailLogShowsOnlyThisRun()
    {
        var (_, launch) = Launch("echo", """read line; echo "got $line" >&2; exec sleep 60""");
        launch.Paths.EnsureRuntimeDir();
        File.WriteAllText(launch.Paths.Stderr, "an earlier run\n");
        var offset = _node.BeginRun(launch.Paths);
        await StartAsync(launch);

        var written = _node.WriteStdin(launch.Paths, "hello\n");
        var tail = await Eventually.Until(() => _node.TailLog(launch.Paths.Stderr, offset), t => t is not null, "the echoed line");

        written.Should().BeTrue();
        tail.Should().Be("got hello");
    }

    [Test]
    public void WriteStdin_NobodyReads_ReturnsFalse()
    {
        var (_, launch) = Launch("nobody", "exec sleep 60");
        launch.Paths.EnsureRuntimeDir();
        Fifo.Ensure(launch.Paths.Stdin);

        var written = _node.WriteStdin(launch.Paths, "hello\n");

        written.Should().BeFalse();
    }

    [Test]
    public async Task LaunchMembers_StartedWithMarker_FindsTheProcessGroupUntilItIsGone()
    {
        var (key, launch) = Launch("marked", "exec sleep 60");
        var started = await StartAsync(launch);
        var pid = started.Process.Pid;

        var members = _node.LaunchMembers(launch.Marker!.LaunchId);
        var populated = _node.GroupHasMembers(pid);
        _node.Signal(pid, started.Process.StartTicks, LibC.SIGKILL);
        await ObserveUntil(key, started, p => p.Status == ProcessStatus.Exited, "the agent's exit");

        members.Select(m => m.Handle.Pid).Should().Equal(pid);
        populated.Should().BeTrue();
        _node.GroupHasMembers(pid).Should().BeFalse();
        _node.LaunchMembers(launch.Marker.LaunchId).Should().BeEmpty();
    }

    [Test]
    public async Task ExecAsync_CommandInTheAgentsEnvironment_ReportsItsExitCodeAndOutput()
    {
        var (_, launch) = Launch("exec", "exec sleep 60");

        var result = await _node.ExecAsync(AgentRuntimes.Local, launch, ["/bin/sh", "-c", "echo \"$SAC_AGENT_NAME\"; exit 4"], TimeSpan.FromSeconds(20), CancellationToken.None);

        result.ExitCode.Should().Be(4);
        result.StandardOutput.Trim().Should().Be("exec");
    }

    [Test]
    public void Check_UnknownRuntime_Throws()
    {
        var act = () => _node.Check("no-such-runtime");

        act.Should().Throw<InvalidOperationException>().WithMessage("*no-such-runtime*");
    }

    private (ResourceKey Key, AgentLaunch Launch) Launch(string name, string script)
    {
        var key = ResourceKey.Agent(name);
        var launch = new AgentLaunch
        {
            Key = key,
            Spec = new AgentSpec { Runtime = AgentRuntimes.Local, Command = ["/bin/sh", "-c", script] },
            Paths = AgentPaths.For(_dir.Path, key),
            InstanceName = AgentPaths.InstanceName(key),
            Marker = new LaunchMarker(_node.HomeDigest, name, LaunchMarker.NewLaunchId(), "spec", AgentRuntimes.Local),
        };
        return (key, launch);
    }

    private async Task<StartedAgent> StartAsync(AgentLaunch launch)
    {
        var started = await _node.StartAsync(AgentRuntimes.Local, launch, CancellationToken.None);
        _started.Add(started);
        return started;
    }

    private Task<ProcessObservation> ObserveUntil(ResourceKey key, StartedAgent started, Func<ProcessObservation, bool> condition, string what) =>
        Eventually.Until(() => _node.Observe(key, started.Process.Pid, started.Process.StartTicks), condition, what);
}
