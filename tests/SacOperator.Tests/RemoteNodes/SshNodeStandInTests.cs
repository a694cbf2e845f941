using System.Collections.Concurrent;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.RemoteNodes;
using SacOperator.Runtime;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.RemoteNodes;

/// <summary>
/// <see cref="SshNode"/> against a stand-in <c>ssh</c>: a shell script that answers each verb from
/// a file (or fails like ssh, exit 255, while a <c>down</c> file exists) and keeps what it was sent.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SshNodeStandInTests
{
    private static readonly ResourceKey Worker = ResourceKey.Agent("worker");

    [Test]
    public async Task Observe_StandInSsh_StartedProcessRunsUntilAnAnswerAskedAfterItsStartOmitsIt()
    {
        using var fake = new FakeSsh();
        var node = fake.Node();
        fake.Answer("observe", """{"home":"h"}""");
        fake.Answer("start", """{"pid":123,"startTicks":456,"instanceStarted":false}""");
        await node.ObserveOnceAsync(CancellationToken.None);

        var started = await node.StartAsync(AgentRuntimes.Local, fake.Launch(), CancellationToken.None);
        var beforeNextAnswer = node.Observe(Worker, 123, 456).Status;
        await node.ObserveOnceAsync(CancellationToken.None);
        var afterNextAnswer = node.Observe(Worker, 123, 456).Status;

        started.Process.Pid.Should().Be(123);
        beforeNextAnswer.Should().Be(ProcessStatus.Running, "the answer was asked for before the start: it cannot list it");
        afterNextAnswer.Should().Be(ProcessStatus.Exited, "an answer asked for after the start does not list it");
    }

    [Test]
    public async Task Observe_StandInSshGoesSilent_UnknownNotExited_AndAgentsReEnqueuedBothWays()
    {
        using var fake = new FakeSsh();
        var node = fake.Node();
        fake.Answer("observe", """{"home":"h","processes":[{"agent":"worker","launchId":"l1","pid":123,"startTicks":456,"processGroup":123,"session":123}]}""");
        await node.ObserveOnceAsync(CancellationToken.None);
        node.Observe(Worker, 123, 456).Status.Should().Be(ProcessStatus.Running);
        fake.Enqueued.Clear();

        fake.Down();
        await node.ObserveOnceAsync(CancellationToken.None);
        var silent = node.Observe(Worker, 123, 456);
        var enqueuedWhenSilent = fake.Enqueued.ToArray();
        fake.Up();
        await node.ObserveOnceAsync(CancellationToken.None);

        silent.Status.Should().Be(ProcessStatus.Unknown);
        node.Outage.Should().BeNull();
        enqueuedWhenSilent.Should().Contain(Worker);
        fake.Enqueued.Should().HaveCountGreaterThan(enqueuedWhenSilent.Length, "the answer after the silence re-enqueues the agent");
        node.Observe(Worker, 123, 456).Status.Should().Be(ProcessStatus.Running, "the same process, adopted as it is");
    }

    [Test]
    public async Task Outage_StandInSshRefuses_CarriesUnreachableAndLaunchMembersThrowsRatherThanAnswerNone()
    {
        using var fake = new FakeSsh();
        var node = fake.Node();
        fake.Down();

        await node.ObserveOnceAsync(CancellationToken.None);
        var act = () => node.LaunchMembers("l1");

        node.Outage!.Reason.Should().Be("Unreachable");
        node.Outage.Message.Should().Contain("Connection refused");
        act.Should().Throw<RemoteNodeException>("a launch whose pid was never recorded is not given up on silence");
    }

    [Test]
    public async Task Start_StandInSsh_LaunchWithSecretsGoesOnStdinNeverOnTheCommandLine()
    {
        using var fake = new FakeSsh();
        var node = fake.Node();
        fake.Answer("start", """{"pid":123,"startTicks":456,"instanceStarted":false}""");

        await node.StartAsync(AgentRuntimes.Local, fake.Launch(), CancellationToken.None);

        File.ReadAllText(fake.Dir.Combine("argv")).Should().NotContain("s3cret").And.Contain("start");
        File.ReadAllText(fake.Dir.Combine("stdin")).Should().Contain("s3cret").And.Contain("\"launchId\":\"l1\"");
    }

    [Test]
    public async Task Start_StandInSshRefusal_IsAnAgentStartExceptionWithTheRemoteReason()
    {
        using var fake = new FakeSsh();
        var node = fake.Node();
        fake.Answer("start", """{"reason":"CommandNotFound","message":"no such program: agent"}""", exitCode: 3);

        var act = () => node.StartAsync(AgentRuntimes.Local, fake.Launch(), CancellationToken.None);

        (await act.Should().ThrowAsync<AgentStartException>()).Which.Reason.Should().Be("CommandNotFound");
    }

    [Test]
    public void LaunchMembers_StandInSshListsTheLaunchAsStillStarting_ThrowsRatherThanAnswerNone()
    {
        using var fake = new FakeSsh();
        var node = fake.Node();
        fake.Answer("observe", """{"home":"h","starting":["l1"]}""");

        var act = () => node.LaunchMembers("l1");

        act.Should().Throw<RemoteNodeException>("the start may still spawn: 'none' would start the agent twice")
            .Which.Reason.Should().Be(RemoteNodeException.StartInProgress);
        node.LaunchMembers("l2").Should().BeEmpty("another launch's start says nothing about this one");
    }

    [Test]
    public void LaunchMembers_StandInSshStillStartingButAlreadySpawned_ReturnsItsProcess()
    {
        using var fake = new FakeSsh();
        var node = fake.Node();
        fake.Answer("observe", """{"home":"h","starting":["l1"],"processes":[{"agent":"worker","launchId":"l1","pid":123,"startTicks":456,"processGroup":123,"session":123}]}""");

        var members = node.LaunchMembers("l1");

        members.Should().ContainSingle().Which.Handle.Pid.Should().Be(123);
    }

    [Test]
    public void LaunchMembers_StandInSshStartDiedBeforeItsSpawn_AnswersNoneSoTheAgentIsStartedAgain()
    {
        using var fake = new FakeSsh();
        var node = fake.Node();
        fake.Answer("observe", """{"home":"h","starting":[]}""");

        var members = node.LaunchMembers("l1");

        members.Should().BeEmpty("no process and no start holding the launch's lock: it never produced one");
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(134)]
    public async Task Start_StandInSshExitsOtherThanRefusal_IsRemoteNodeExceptionSoTheLaunchIsKept(int exitCode)
    {
        using var fake = new FakeSsh();
        var node = fake.Node();
        fake.Answer("start", "", exitCode);

        var act = () => node.StartAsync(AgentRuntimes.Local, fake.Launch(), CancellationToken.None);

        // An AgentStartException would drop the launch id, though the host may have spawned before failing.
        (await act.Should().ThrowAsync<RemoteNodeException>()).Which.Message.Should().Contain("'sacop node start' failed on host 'remote'");
    }

    [Test]
    public void OutputMentions_StandInSsh_AsksTheHostWithTheIdOnStdinAndThrowsOnSilenceRatherThanAnswerNo()
    {
        using var fake = new FakeSsh();
        var node = fake.Node();
        fake.Answer("mentions", "true");
        var paths = AgentPaths.For(fake.Dir.Combine("home"), Worker);

        var mentioned = node.OutputMentions(paths, "5f0c3a8e-1111-4c1e-9a57-0123456789ab");
        var argv = File.ReadAllText(fake.Dir.Combine("argv"));
        var stdin = File.ReadAllText(fake.Dir.Combine("stdin"));
        fake.Down();
        var silent = () => node.OutputMentions(paths, "5f0c3a8e-1111-4c1e-9a57-0123456789ab");

        mentioned.Should().BeTrue();
        argv.Should().Contain("mentions").And.Contain("worker");
        stdin.Should().Be("5f0c3a8e-1111-4c1e-9a57-0123456789ab");
        silent.Should().Throw<RemoteNodeException>("'not mentioned' would start a second session; the start is retried instead");
    }

    [Test]
    public async Task Observe_RecordedRunListedAliveByIdentityOnly_IsRunningUntilAnAnswerOmitsIt_AndTheAgentIsEnqueued()
    {
        using var fake = new FakeSsh();
        var node = fake.Node();
        fake.Answer("observe", """{"home":"h"}""");
        await node.ObserveOnceAsync(CancellationToken.None);
        node.Observe(Worker, 123, 456);
        fake.Answer("observe", """{"home":"h","alive":[{"pid":123,"startTicks":456,"stopped":false}]}""");
        await node.ObserveOnceAsync(CancellationToken.None);
        var asked = File.ReadAllText(fake.Dir.Combine("stdin"));
        var whileListed = node.Observe(Worker, 123, 456).Status;
        fake.Enqueued.Clear();

        fake.Answer("observe", """{"home":"h"}""");
        await node.ObserveOnceAsync(CancellationToken.None);

        asked.Should().Contain("\"pid\":123").And.Contain("\"startTicks\":456");
        whileListed.Should().Be(ProcessStatus.Running, "a leader without a readable marker is alive by its identity");
        node.Observe(Worker, 123, 456).Status.Should().Be(ProcessStatus.Exited);
        fake.Enqueued.Should().Contain(Worker, "the exit is noticed without waiting for a periodic recheck");
    }

    private sealed class FakeSsh : IDisposable
    {
        public FakeSsh()
        {
            var script = Dir.Combine("ssh");
            File.WriteAllText(script, """
                #!/bin/sh
                d="$(dirname "$0")"
                if [ -e "$d/down" ]; then echo "ssh: connect to host 127.0.0.1 port 22: Connection refused" >&2; exit 255; fi
                case "$*" in *observe*) verb=observe ;; *start*) verb=start ;; *mentions*) verb=mentions ;; *) verb=other ;; esac
                printf '%s\n' "$@" > "$d/argv"
                cat > "$d/stdin"
                cat "$d/$verb.json" 2>/dev/null
                exit "$(cat "$d/$verb.exit" 2>/dev/null || echo 0)"
                """);
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        public TempDirectory Dir { get; } = new("fakessh");

        public ConcurrentQueue<ResourceKey> Enqueued { get; } = new();

        public SshNode Node() => new(
            "remote",
            new HostSpec { Address = "u@example", Ssh = new SshSpec { ConnectTimeout = TimeSpan.FromSeconds(5) } },
            new SshNodeOptions { Ssh = Dir.Combine("ssh"), ControlDirectory = Dir.Combine("ctl"), OperatorHome = Dir.Combine("home") },
            new ChannelRunner(),
            Enqueued.Enqueue,
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        public AgentLaunch Launch() => new()
        {
            Key = Worker,
            Spec = new AgentSpec { Runtime = AgentRuntimes.Local, Command = ["agent"], Env = new Dictionary<string, string> { ["API_TOKEN"] = "s3cret" } },
            Paths = AgentPaths.For(Dir.Combine("home"), Worker),
            InstanceName = "sac-worker",
            Marker = new SacOperator.Processes.LaunchMarker("", "worker", "l1", "h1", AgentRuntimes.Local),
        };

        public void Answer(string verb, string json, int exitCode = 0)
        {
            File.WriteAllText(Dir.Combine(verb + ".json"), json);
            File.WriteAllText(Dir.Combine(verb + ".exit"), exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        public void Down() => File.WriteAllText(Dir.Combine("down"), "");

        public void Up() => File.Delete(Dir.Combine("down"));

        public void Dispose() => Dir.Dispose();
    }
}
