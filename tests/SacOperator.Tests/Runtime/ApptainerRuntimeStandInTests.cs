using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Runtime;

/// <summary>
/// The Apptainer runtime against the test stand-in (tests/standins/apptainer), which honours the
/// real CLI's arguments, JSON output and exit codes and runs exec'd commands in a bubblewrap mount
/// namespace. Real Apptainer cannot be installed on our machines.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ApptainerRuntimeStandInTests : IDisposable
{
    private readonly TempDirectory _dir = new("apptainer");
    private readonly Dictionary<string, string> _env;
    private readonly ApptainerRuntime _runtime;
    private readonly string _image;

    public ApptainerRuntimeStandInTests()
    {
        _env = new Dictionary<string, string>
        {
            ["PATH"] = $"{Repo.StandIns}:/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = _dir.Path,
            ["APPTAINER_STANDIN_DIR"] = _dir.Combine("standin-state"),
        };
        _runtime = new ApptainerRuntime(new ApptainerOptions(), _env, new ProcessRunner(), _dir.Combine("home"), TimeProvider.System);
        _image = _dir.Write("images/agent.sif", "not really a SIF");
    }

    public void Dispose()
    {
        _ = new ProcessRunner().RunAsync([Path.Combine(Repo.StandIns, "apptainer"), "instance", "stop", "--all"], TimeSpan.FromSeconds(20), _env).Result;
        _dir.Dispose();
    }

    [Test]
    public void Check_ApptainerNotOnPath_ExplainsWhatToInstall()
    {
        var runtime = new ApptainerRuntime(new ApptainerOptions(), new Dictionary<string, string> { ["PATH"] = "/nonexistent" },
            new ProcessRunner(), _dir.Path, TimeProvider.System);

        var check = runtime.Check();

        check.Available.Should().BeFalse();
        check.Message.Should().Contain("apptainer not found on PATH").And.Contain("install Apptainer").And.Contain("runtime: local");
    }

    [Test]
    public async Task StartAsync_Agent_RunsInTheInstanceWithContainerPathsAndEnvironment()
    {
        Tools.Require("bwrap", "the Debian package bubblewrap");
        var launch = Launch(new AgentSpec
        {
            Image = _image,
            Command = ["sh", "-c", "env > /sac/state/env.txt; pwd > /sac/state/pwd.txt; exec sleep 60"],
            Env = new Dictionary<string, string> { ["TOKEN_LIST"] = "a,b,c" },
        });

        var started = await _runtime.StartAsync(launch, CancellationToken.None);

        started.InstanceStarted.Should().BeTrue();
        (await _runtime.ListInstancesAsync(CancellationToken.None)).Should().Contain("sac-w");
        var envFile = Path.Combine(launch.Paths.RuntimeDir, "env.txt");
        await Eventually.Until(() => File.Exists(envFile) && File.ReadAllText(envFile).Contains("SAC_AGENT_NAME", StringComparison.Ordinal), "the agent to write env.txt inside the instance");
        var env = File.ReadAllLines(envFile);
        env.Should().Contain(["SAC_AGENT_NAME=w", "SAC_STATE_DIR=/sac/state", "SAC_HEARTBEAT_FILE=/sac/state/heartbeat.json", "TOKEN_LIST=a,b,c", "HOME=/home/agent"]);
        env.Should().NotContain(l => l.StartsWith("APPTAINER_STANDIN_DIR=", StringComparison.Ordinal), "--cleanenv keeps the host environment out");
        var pwdFile = Path.Combine(launch.Paths.RuntimeDir, "pwd.txt");
        await Eventually.Until(() => File.Exists(pwdFile) && File.ReadAllText(pwdFile).EndsWith('\n'), "the agent to write pwd.txt after env.txt");
        File.ReadAllText(pwdFile).Trim().Should().Be("/home/agent");
        started.Process.IsAlive.Should().BeTrue();
    }

    [Test]
    public async Task CleanupAsync_StopsTheInstanceAndEverythingInIt()
    {
        Tools.Require("bwrap", "the Debian package bubblewrap");
        var launch = Launch(new AgentSpec { Image = _image, Command = ["sleep", "60"] });
        var started = await _runtime.StartAsync(launch, CancellationToken.None);

        await _runtime.CleanupAsync("sac-w", CancellationToken.None);

        (await _runtime.ListInstancesAsync(CancellationToken.None)).Should().NotContain("sac-w");
        await Eventually.Until(() => !started.Process.IsAlive, "the exec'd agent to die with its instance");
    }

    [Test]
    public async Task StartAsync_ReuseInstance_ExecsIntoTheRunningInstance()
    {
        Tools.Require("bwrap", "the Debian package bubblewrap");
        var launch = Launch(new AgentSpec { Image = _image, Command = ["sleep", "60"] });
        var first = await _runtime.StartAsync(launch, CancellationToken.None);
        var instancePid = File.ReadAllText(_dir.Combine("standin-state", "instances", "sac-w", "pid"));
        LibC.kill(-first.Process.Pid, LibC.SIGKILL);

        await _runtime.StartAsync(launch with { ReuseInstance = true }, CancellationToken.None);

        File.ReadAllText(_dir.Combine("standin-state", "instances", "sac-w", "pid")).Should().Be(instancePid);
    }

    [Test]
    public async Task StartAsync_MissingImage_FailsWithImageNotFound()
    {
        var launch = Launch(new AgentSpec { Image = "sac-base", Command = ["true"] });

        var act = () => _runtime.StartAsync(launch, CancellationToken.None);

        (await act.Should().ThrowAsync<AgentStartException>())
            .Which.Should().Match<AgentStartException>(e => e.Reason == StartFailureReasons.ImageNotFound && e.Message.Contains("sac-base.sif"));
    }

    [Test]
    public async Task StartAsync_MissingBindSource_FailsBeforeCallingApptainer()
    {
        var launch = Launch(new AgentSpec { Image = _image, Binds = [BindMount.Parse("/no/such/dir:/data")], Command = ["true"] });

        var act = () => _runtime.StartAsync(launch, CancellationToken.None);

        (await act.Should().ThrowAsync<AgentStartException>()).Which.Reason.Should().Be(StartFailureReasons.BindSourceMissing);
    }

    [Test]
    public async Task StandIn_UnknownFlag_FailsLikeTheRealCli()
    {
        var result = await new ProcessRunner().RunAsync(
            [Path.Combine(Repo.StandIns, "apptainer"), "instance", "start", "--no-such-flag", _image, "x"], TimeSpan.FromSeconds(10), _env);

        result.ExitCode.Should().Be(255);
        result.StandardError.Should().Contain("unknown flag: --no-such-flag");
    }

    private AgentLaunch Launch(AgentSpec spec) => new()
    {
        Key = ResourceKey.Agent("w"),
        Spec = spec,
        Paths = AgentPaths.For(_dir.Combine("home"), ResourceKey.Agent("w")),
        InstanceName = "sac-w",
    };
}
