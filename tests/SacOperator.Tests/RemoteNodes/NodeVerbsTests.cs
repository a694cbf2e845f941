using System.Text.Json;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using SacOperator.Logs;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.RemoteNodes;
using SacOperator.Runtime;
using SacOperator.Serialization;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.RemoteNodes;

/// <summary>The remote side of an ssh node (<see cref="NodeVerbs"/>) with real processes in a temp home, and its JSON.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class NodeVerbsTests
{
    [Test]
    public async Task StartThenObserve_LocalRuntime_ListsTheProcessWithTheCallersLaunchIdAndThisHomesMarker()
    {
        using var home = new TempDirectory("nodeverbs");
        var verbs = Verbs(home.Path);
        var launch = Launch("w1", "0123456789abcdef01234567");

        var started = await verbs.StartAsync(launch, CancellationToken.None);
        try
        {
            var answer = ModelJson.Serialize(verbs.Observe());
            var observed = JsonSerializer.Deserialize<RemoteObservation>(answer, ModelJson.Options)!;

            observed.Home.Should().Be(LaunchMarker.HomeDigest(home.Path));
            var process = observed.Processes.Should().ContainSingle(p => p.Pid == started.Pid).Subject;
            process.Should().BeEquivalentTo(new { Agent = "w1", LaunchId = "0123456789abcdef01234567", StartTicks = started.StartTicks, Session = started.Pid, Stopped = false });
            answer.Should().Contain("\"launchId\":\"0123456789abcdef01234567\"").And.NotContain("s3cret", "observations carry identities, never the spec");
        }
        finally
        {
            LibC.kill(-started.Pid, LibC.SIGKILL);
        }
    }

    [Test]
    public async Task Signal_StartTicksOfAnotherProcess_RefusesAndLeavesItRunning()
    {
        using var home = new TempDirectory("nodeverbs");
        var started = await Verbs(home.Path).StartAsync(Launch("w2", "aaaaaaaaaaaaaaaaaaaaaaaa"), CancellationToken.None);
        try
        {
            var refused = NodeVerbs.Signal(started.Pid, started.StartTicks + 1, LibC.SIGKILL, group: true);

            refused.Should().BeFalse();
            new ProcessHandle(started.Pid, started.StartTicks).IsAlive.Should().BeTrue();
            NodeVerbs.Signal(started.Pid, started.StartTicks, LibC.SIGKILL, group: true).Should().BeTrue();
            await Eventually.Until(() => !new ProcessHandle(started.Pid, started.StartTicks).IsAlive, "the group to die");
        }
        finally
        {
            LibC.kill(-started.Pid, LibC.SIGKILL);
        }
    }

    [Test]
    public async Task Exec_LocalRuntime_RunsInTheAgentsEnvironmentAndItsResultSurvivesJson()
    {
        using var home = new TempDirectory("nodeverbs");

        var result = await Verbs(home.Path).ExecAsync(Launch("w4", ""), ["sh", "-c", "echo $SAC_AGENT_NAME; exit 3"], TimeSpan.FromSeconds(10), CancellationToken.None);
        var read = JsonSerializer.Deserialize<CommandResult>(ModelJson.Serialize(result), ModelJson.Options)!;

        read.ExitCode.Should().Be(3);
        read.StandardOutput.Trim().Should().Be("w4");
    }

    [Test]
    public void StdinAndBeginRun_AgentNeverStarted_NoReaderAndStderrAtZero()
    {
        using var home = new TempDirectory("nodeverbs");
        var verbs = Verbs(home.Path);

        verbs.WriteStdin("w5", "hello\n").Should().BeFalse("nobody holds the FIFO open");
        verbs.BeginRun("w5").Should().Be(0);
    }

    [Test]
    public void Observe_WatchedRunWithoutAMarker_IsAliveByIdentity_AndAnotherStartTimeIsNot()
    {
        // Arrange: a process without the launch marker, as a leader that replaced its environment looks.
        using var home = new TempDirectory("nodeverbs");
        using var unmarked = System.Diagnostics.Process.Start("sleep", "600")!;
        try
        {
            var ticks = ProcStat.Read(unmarked.Id)!.Value.StartTicks;

            // Act
            var observed = Verbs(home.Path).Observe([new RemoteLiveness(unmarked.Id, ticks, false), new RemoteLiveness(unmarked.Id, ticks + 1, false)]);

            // Assert
            observed.Processes.Should().NotContain(p => p.Pid == unmarked.Id, "it carries no marker");
            observed.Alive.Should().ContainSingle().Which.Should().Be(new RemoteLiveness(unmarked.Id, ticks, false));
        }
        finally
        {
            unmarked.Kill();
            unmarked.WaitForExit();
        }
    }

    [Test]
    public void OutputMentions_SessionIdInARotatedGeneration_IsTrueAndAnotherIdIsFalse()
    {
        using var home = new TempDirectory("nodeverbs");
        var paths = AgentPaths.For(home.Path, ResourceKey.Agent("w6"));
        paths.EnsureRuntimeDir();
        File.WriteAllText(paths.Session + ".1", """{"type":"system","subtype":"init","session_id":"5f0c3a8e-1111-4c1e-9a57-0123456789ab"}""" + "\n");
        File.WriteAllText(paths.Session, "");
        var verbs = Verbs(home.Path);

        verbs.OutputMentions("w6", "5f0c3a8e-1111-4c1e-9a57-0123456789ab").Should().BeTrue("a restart on this host resumes that session");
        verbs.OutputMentions("w6", "00000000-2222-4c1e-9a57-0123456789ab").Should().BeFalse();
    }

    [Test]
    public void Tail_PathOutsideTheHome_IsRefused()
    {
        using var home = new TempDirectory("nodeverbs");

        var act = () => Verbs(home.Path).Tail("../../etc/passwd", 0);

        act.Should().Throw<ArgumentException>().WithMessage("*outside the operator home*");
    }

    [TestCase("~", "/home/u")]
    [TestCase("~/.sacop", "/home/u/.sacop")]
    [TestCase("/srv/sacop", "/srv/sacop")]
    public void ExpandHome_TildeForms_AreTheUsersHome(string home, string expected)
    {
        NodeVerbs.ExpandHome(home, "/home/u").Should().Be(expected);
    }

    [Test]
    public void RemoteLaunch_ThroughJson_KeepsTheSpecAndMapsPathsToTheRemoteHome()
    {
        var launch = Launch("team/w3", "bbbbbbbbbbbbbbbbbbbbbbbb");

        var read = JsonSerializer.Deserialize<RemoteLaunch>(ModelJson.Serialize(launch), ModelJson.Options)!;
        var local = read.ToLaunch("/remote/home");

        read.Spec.Env.Should().ContainKey("TOKEN").WhoseValue.Should().Be("s3cret");
        local.Key.Should().Be(ResourceKey.Agent("w3", "team"));
        local.Paths.RuntimeDir.Should().Be("/remote/home/runtime/team/w3");
        local.Marker.Should().Be(new LaunchMarker(LaunchMarker.HomeDigest("/remote/home"), "team/w3", "bbbbbbbbbbbbbbbbbbbbbbbb", "h1", "local"));
    }

    [Test]
    public void Observe_StartLockHeldByAnotherOpenFile_ListsTheLaunchAsStartingAndKeepsTheFile()
    {
        using var home = new TempDirectory("nodeverbs");
        var path = home.Combine("starting", "cccccccccccccccccccccccc");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // A second open file description: its flock conflicts with Observe's as another process's would.
        using var held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var answer = ModelJson.Serialize(Verbs(home.Path).Observe());
        var observed = JsonSerializer.Deserialize<RemoteObservation>(answer, ModelJson.Options)!;

        observed.Starting.Should().Equal("cccccccccccccccccccccccc");
        answer.Should().Contain("\"starting\":[\"cccccccccccccccccccccccc\"]");
        File.Exists(path).Should().BeTrue("a start in progress keeps its lock");
    }

    [Test]
    public void Observe_StartLockFileNobodyHolds_IsRemovedAndNotListed()
    {
        using var home = new TempDirectory("nodeverbs");
        var path = home.Combine("starting", "dddddddddddddddddddddddd");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");

        var observed = Verbs(home.Path).Observe();

        observed.Starting.Should().BeEmpty("its start died: that launch may be started again");
        File.Exists(path).Should().BeFalse();
    }

    [Test]
    public void HoldStart_SameLaunchTwice_SecondRefusedWhileTheFirstHoldsAndNothingLeftAfter()
    {
        using var home = new TempDirectory("nodeverbs");
        var verbs = Verbs(home.Path);

        IOException? refused = null;
        IReadOnlyList<string> whileHeld;
        using (verbs.HoldStart("eeeeeeeeeeeeeeeeeeeeeeee"))
        {
            try
            {
                verbs.HoldStart("eeeeeeeeeeeeeeeeeeeeeeee").Dispose();
            }
            catch (IOException e)
            {
                refused = e;
            }

            whileHeld = verbs.Observe().Starting;
        }

        var after = verbs.Observe().Starting;

        refused.Should().NotBeNull("one launch is never started twice at once");
        whileHeld.Should().Equal("eeeeeeeeeeeeeeeeeeeeeeee");
        after.Should().BeEmpty();
        Directory.EnumerateFiles(home.Combine("starting")).Should().BeEmpty("a finished start removes its lock file");
    }

    [Test]
    public void HoldStart_LaunchIdThatIsAPath_IsRefused()
    {
        using var home = new TempDirectory("nodeverbs");

        var act = () => Verbs(home.Path).HoldStart("../x");

        act.Should().Throw<ArgumentException>().WithMessage("*not a launch id*");
    }

    private static NodeVerbs Verbs(string home)
    {
        var runtimes = new RuntimeRegistry([new LocalRuntime(AgentEnvironment.Current(), new ProcessRunner())]);
        return new NodeVerbs(home, runtimes, new LogRotator(new LogRotationOptions(), NullLogger<LogRotator>.Instance));
    }

    private static RemoteLaunch Launch(string agent, string launchId) => new()
    {
        Agent = agent,
        Runtime = AgentRuntimes.Local,
        Spec = new AgentSpec
        {
            Runtime = AgentRuntimes.Local,
            Command = ["sleep", "600"],
            Env = new Dictionary<string, string> { ["TOKEN"] = "s3cret" },
        },
        InstanceName = "sac-" + agent.Replace('/', '-'),
        LaunchId = launchId,
        SpecHash = "h1",
    };
}
