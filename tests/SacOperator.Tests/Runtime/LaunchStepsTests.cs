using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Runtime;

/// <summary>The sac start steps: startup commands, binds with declared intent, and the /tmp scratch.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class LaunchStepsTests : IDisposable
{
    private readonly TempDirectory _dir = new("steps");

    public void Dispose() => _dir.Dispose();

    private static AgentSpec WithCommands(params StartupCommand[] commands) => new() { Sac = new SacSettings { StartupCommands = commands } };

    [Test]
    public async Task StartupCommands_RunInOrderAfterTheirDelays()
    {
        var time = new ManualTimeProvider();
        var ran = new List<(string Command, DateTimeOffset At)>();
        var spec = WithCommands(
            new StartupCommand { Command = "first" },
            new StartupCommand { Command = "second", Delay = TimeSpan.FromSeconds(5) });

        var run = LaunchSteps.StartupCommandsAsync(spec, c =>
        {
            ran.Add((c, time.GetUtcNow()));
            return Task.FromResult(new CommandResult(0, "", "", TimeSpan.Zero));
        }, new Dictionary<string, string>(), time, CancellationToken.None);
        ran.Select(r => r.Command).Should().Equal("first");
        time.Advance(TimeSpan.FromSeconds(5));
        await run;

        ran.Select(r => r.Command).Should().Equal("first", "second");
        (ran[1].At - ran[0].At).Should().Be(TimeSpan.FromSeconds(5));
    }

    [Test]
    public async Task StartupCommands_Failure_FailsTheStartWithItsStderrAndStopsThere()
    {
        var ran = new List<string>();
        var spec = WithCommands(new StartupCommand { Command = "uv sync" }, new StartupCommand { Command = "never" });

        var act = () => LaunchSteps.StartupCommandsAsync(spec, c =>
        {
            ran.Add(c);
            return Task.FromResult(new CommandResult(2, "", "resolving...\nerror: no lockfile; token=tok-123456789 rejected\n", TimeSpan.Zero));
        }, new Dictionary<string, string> { ["API_TOKEN"] = "tok-123456789" }, TimeProvider.System, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<AgentStartException>()).Which;
        error.Reason.Should().Be(StartFailureReasons.StartupCommandFailed);
        error.Message.Should().Contain("startup_commands[0] (uv sync) exited with code 2").And.Contain("error: no lockfile").And.NotContain("tok-123456789");
        ran.Should().Equal("uv sync");
    }

    [Test]
    public void Binds_OptionalMissingSourceIsSkippedAndNotedEnsuredSourceIsCreated()
    {
        var paths = new AgentPaths(_dir.Combine("runtime"));
        var spec = new AgentSpec
        {
            Binds = [BindMount.Parse("~/gone:/gone:ro"), BindMount.Parse("$DATA/new:/new")],
            Sac = new SacSettings { OptionalBinds = [BindMount.Parse("~/gone:/gone:ro")], EnsureDirectories = ["$DATA/new"] },
        };
        var env = new Dictionary<string, string> { ["HOME"] = _dir.Combine("home"), ["DATA"] = _dir.Combine("data") };

        var binds = LaunchSteps.Binds(spec, env, paths);

        binds.Select(b => b.ToString()).Should().Equal($"{_dir.Combine("data", "new")}:/new");
        Directory.Exists(_dir.Combine("data", "new")).Should().BeTrue();
        File.ReadAllText(paths.Stderr).Should().Contain("bind ~/gone:/gone:ro skipped").And.Contain("required: false");
    }

    [Test]
    public void Binds_RequiredMissingSource_FailsTheStart()
    {
        var act = () => LaunchSteps.Binds(new AgentSpec { Binds = [BindMount.Parse("/no/such/source:/x")], Sac = new SacSettings() },
            new Dictionary<string, string>(), new AgentPaths(_dir.Combine("runtime")));

        act.Should().Throw<AgentStartException>().Where(e => e.Reason == StartFailureReasons.BindSourceMissing);
    }

    [Test]
    public void Scratch_MoreThanTheDiskHas_FailsWithTheSizeAndWhereToFreeIt()
    {
        var act = () => LaunchSteps.Scratch(new AgentSpec { Sac = new SacSettings { TmpfsSize = "99999999G" } }, new AgentPaths(_dir.Combine("runtime")));

        act.Should().Throw<AgentStartException>().Where(e => e.Reason == StartFailureReasons.InsufficientScratchSpace && e.Message.Contains("99999999G", StringComparison.Ordinal));
    }

    [Test]
    public void Scratch_DefaultSize_IsAHostDirectoryInTheRuntimeDirectory()
    {
        var scratch = LaunchSteps.Scratch(new AgentSpec { Sac = new SacSettings() }, new AgentPaths(_dir.Combine("runtime")));

        scratch.Should().Be(_dir.Combine("runtime", "tmp-scratch"));
        Directory.Exists(scratch).Should().BeTrue();
        LaunchSteps.Scratch(new AgentSpec(), new AgentPaths(_dir.Combine("runtime"))).Should().BeNull("manifests ask for no scratch");
    }
}
