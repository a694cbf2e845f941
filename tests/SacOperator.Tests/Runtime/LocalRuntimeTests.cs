using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Runtime;

[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class LocalRuntimeTests : IDisposable
{
    private static readonly Dictionary<string, string> OperatorEnv = new()
    {
        ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
        ["HOME"] = "/root",
        ["OPERATOR_ONLY_SECRET"] = "do-not-leak",
    };

    private readonly TempDirectory _dir = new("local");
    private readonly LocalRuntime _runtime = new(OperatorEnv, new ProcessRunner());
    private readonly List<ProcessHandle> _started = [];

    public void Dispose()
    {
        foreach (var p in _started)
        {
            LibC.kill(-p.Pid, LibC.SIGKILL);
        }

        _dir.Dispose();
    }

    [Test]
    public async Task StartAsync_NotRelaxed_GivesACleanEnvironmentWithTheSacVariables()
    {
        var launch = Launch(new AgentSpec { Runtime = AgentRuntimes.Local, Command = ["sh", "-c", "env > \"$SAC_STATE_DIR/env.txt\"; exec sleep 60"], Env = new Dictionary<string, string> { ["MODE"] = "test" } });

        await StartAsync(launch);

        var env = await ReadEnvAsync(launch);
        env.Should().Contain("SAC_AGENT_NAME", "w").And.Contain("SAC_STATE_DIR", launch.Paths.RuntimeDir)
            .And.Contain("SAC_HEARTBEAT_FILE", launch.Paths.Heartbeat).And.Contain("MODE", "test").And.Contain("PATH", OperatorEnv["PATH"]);
        env.Should().NotContainKey("OPERATOR_ONLY_SECRET");
    }

    [Test]
    public async Task StartAsync_Relaxed_InheritsTheOperatorEnvironment()
    {
        var launch = Launch(new AgentSpec { Runtime = AgentRuntimes.Local, Relaxed = true, Command = ["sh", "-c", "env > \"$SAC_STATE_DIR/env.txt\"; exec sleep 60"] });

        await StartAsync(launch);

        (await ReadEnvAsync(launch)).Should().Contain("OPERATOR_ONLY_SECRET", "do-not-leak");
    }

    [Test]
    public async Task StartAsync_RelativeWorkdir_ResolvesAgainstTheSpecDirectory()
    {
        var specDir = _dir.Combine("specs");
        Directory.CreateDirectory(Path.Combine(specDir, "project"));
        var launch = Launch(new AgentSpec { Runtime = AgentRuntimes.Local, Workdir = "project", Command = ["sh", "-c", "pwd > \"$SAC_STATE_DIR/pwd.txt\"; exec sleep 60"] }) with { SpecDirectory = specDir };

        await StartAsync(launch);

        var pwd = Path.Combine(launch.Paths.RuntimeDir, "pwd.txt");
        await Eventually.Until(() => File.Exists(pwd) && File.ReadAllText(pwd).Length > 0, "the agent to write its working directory");
        File.ReadAllText(pwd).Trim().Should().Be(Path.Combine(specDir, "project"));
    }

    [Test]
    public async Task StartAsync_MissingWorkdir_FailsWithWorkdirMissing()
    {
        var launch = Launch(new AgentSpec { Runtime = AgentRuntimes.Local, Workdir = "/nonexistent/dir", Command = ["true"] });

        var act = () => _runtime.StartAsync(launch, CancellationToken.None);

        (await act.Should().ThrowAsync<AgentStartException>()).Which.Reason.Should().Be(StartFailureReasons.WorkdirMissing);
    }

    [Test]
    public async Task StartAsync_UnknownCommand_FailsWithCommandNotFound()
    {
        var launch = Launch(new AgentSpec { Runtime = AgentRuntimes.Local, Command = ["definitely-not-installed-agent"] });

        var act = () => _runtime.StartAsync(launch, CancellationToken.None);

        (await act.Should().ThrowAsync<AgentStartException>()).Which.Message.Should().Contain("definitely-not-installed-agent");
    }

    [Test]
    public async Task StartAsync_EnvValueFromFile_GivesTheAgentTheContentWithoutTheTrailingNewline()
    {
        var specDir = _dir.Combine("specs");
        _dir.Write("specs/secrets/anthropic", "sk-ant-api03-from-a-file\n");
        _dir.Write("keys/gh", "ghp_from_var");
        var runtime = new LocalRuntime(new Dictionary<string, string>(OperatorEnv) { ["KEYS"] = _dir.Combine("keys") }, new ProcessRunner());
        var launch = Launch(new AgentSpec
        {
            Runtime = AgentRuntimes.Local,
            Command = ["sh", "-c", "env > \"$SAC_STATE_DIR/env.txt\"; exec sleep 60"],
            Env = new Dictionary<string, string> { ["MODE"] = "test" },
            EnvFiles = new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "secrets/anthropic", ["GH_TOKEN"] = "$KEYS/gh" },
        }) with { SpecDirectory = specDir };

        _started.Add((await runtime.StartAsync(launch, CancellationToken.None)).Process);

        var env = await ReadEnvAsync(launch);
        env.Should().Contain("ANTHROPIC_API_KEY", "sk-ant-api03-from-a-file").And.Contain("GH_TOKEN", "ghp_from_var").And.Contain("MODE", "test");
    }

    [Test]
    public async Task StartAsync_EnvValueFromMissingFile_FailsNamingTheVariableAndThePath()
    {
        var launch = Launch(new AgentSpec
        {
            Runtime = AgentRuntimes.Local,
            Command = ["sleep", "60"],
            EnvFiles = new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "missing/key" },
        }) with { SpecDirectory = _dir.Combine("specs") };

        var act = () => _runtime.StartAsync(launch, CancellationToken.None);

        var failure = (await act.Should().ThrowAsync<AgentStartException>()).Which;
        failure.Reason.Should().Be(StartFailureReasons.EnvFileUnreadable);
        failure.Message.Should().Contain("spec.env.ANTHROPIC_API_KEY").And.Contain(_dir.Combine("specs", "missing", "key")).And.Contain("does not exist");
    }

    [Test]
    public async Task StartAsync_EnvValueFromDirectory_FailsAsUnreadable()
    {
        Directory.CreateDirectory(_dir.Combine("a-directory"));
        var launch = Launch(new AgentSpec
        {
            Runtime = AgentRuntimes.Local,
            Command = ["sleep", "60"],
            EnvFiles = new Dictionary<string, string> { ["TOKEN"] = _dir.Combine("a-directory") },
        });

        var act = () => _runtime.StartAsync(launch, CancellationToken.None);

        var failure = (await act.Should().ThrowAsync<AgentStartException>()).Which;
        failure.Reason.Should().Be(StartFailureReasons.EnvFileUnreadable);
        failure.Message.Should().Contain("spec.env.TOKEN").And.Contain("not readable");
    }

    [Test]
    public async Task StartAsync_RuntimeDirectoryAndFiles_AreOwnerOnlyEvenWhenAnOlderVersionLeftThemOpen()
    {
        var launch = Launch(new AgentSpec { Runtime = AgentRuntimes.Local, Command = ["sh", "-c", "echo out; echo err >&2; exec sleep 60"] });
        Directory.CreateDirectory(launch.Paths.RuntimeDir);
        File.SetUnixFileMode(launch.Paths.RuntimeDir, (UnixFileMode)0b111_101_101);
        File.WriteAllText(launch.Paths.Stderr, "from an older version\n");
        File.SetUnixFileMode(launch.Paths.Stderr, (UnixFileMode)0b110_100_100);

        await StartAsync(launch);
        await Eventually.Until(() => File.Exists(launch.Paths.Session) && File.ReadAllText(launch.Paths.Session).Contains("out", StringComparison.Ordinal), "the agent's output");

        File.GetUnixFileMode(launch.Paths.Root!).Should().Be(PrivateFiles.OwnerOnlyDirectory);
        File.GetUnixFileMode(launch.Paths.RuntimeDir).Should().Be(PrivateFiles.OwnerOnlyDirectory);
        File.GetUnixFileMode(launch.Paths.Work).Should().Be(PrivateFiles.OwnerOnlyDirectory);
        foreach (var file in new[] { launch.Paths.Session, launch.Paths.Stderr, launch.Paths.Stdin })
        {
            File.GetUnixFileMode(file).Should().Be(PrivateFiles.OwnerOnlyFile, file);
        }
    }

    private AgentLaunch Launch(AgentSpec spec) => new()
    {
        Key = ResourceKey.Agent("w"),
        Spec = spec,
        Paths = AgentPaths.For(_dir.Path, ResourceKey.Agent("w")),
        InstanceName = "sac-w",
    };

    private async Task StartAsync(AgentLaunch launch)
    {
        var started = await _runtime.StartAsync(launch, CancellationToken.None);
        _started.Add(started.Process);
        started.InstanceStarted.Should().BeFalse();
    }

    private static async Task<Dictionary<string, string>> ReadEnvAsync(AgentLaunch launch)
    {
        var file = Path.Combine(launch.Paths.RuntimeDir, "env.txt");
        await Eventually.Until(() => File.Exists(file) && File.ReadAllText(file).Contains("SAC_AGENT_NAME", StringComparison.Ordinal), "the agent to dump its environment");
        return File.ReadAllLines(file).Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => l.Split('=', 2)).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1]);
    }

    [Test]
    public async Task StartAsync_SacSpec_MaterialisesItsHomeAsHomeAndRunsStartupCommandsFirst()
    {
        _dir.Write("agents/a/to_home/CLAUDE.md", "be brief");
        _dir.Write("agents/a/to_home/.env", "FROM_HOME_ENV=yes\n");
        var spec = new AgentSpec
        {
            Runtime = AgentRuntimes.Local,
            Command = ["sh", "-c", "cat prepared.txt > seen.txt; echo \"$HOME $FROM_HOME_ENV\" >> seen.txt; exec sleep 60"],
            Sac = new SacSettings
            {
                HomeLayers = [new HomeLayer { Name = HomeLayerNames.PerAgent, Path = "to_home" }],
                StartupCommands = [new StartupCommand { Command = "echo prepared > prepared.txt" }],
            },
        };
        var launch = new AgentLaunch
        {
            Key = ResourceKey.Agent("a"),
            Spec = spec,
            Paths = AgentPaths.For(_dir.Combine("sacop"), ResourceKey.Agent("a")),
            InstanceName = "sac-a",
            SpecDirectory = _dir.Combine("agents", "a"),
        };

        _started.Add((await _runtime.StartAsync(launch, CancellationToken.None)).Process);

        var seen = Path.Combine(launch.Paths.Work, "seen.txt");
        await Eventually.Until(() => File.Exists(seen) ? File.ReadAllText(seen) : "", t => t.Split('\n').Length >= 3, "the agent to record what it saw");
        File.ReadAllText(seen).Should().Be($"prepared\n{launch.Paths.Home} yes\n");
        File.ReadAllText(Path.Combine(launch.Paths.Home, "CLAUDE.md")).Should().Contain("be brief");
    }

    [Test]
    public async Task StartAsync_FailingStartupCommand_FailsWithItsStderrAndStartsNothing()
    {
        var spec = new AgentSpec
        {
            Runtime = AgentRuntimes.Local,
            Command = ["sh", "-c", "touch started; exec sleep 60"],
            Sac = new SacSettings { StartupCommands = [new StartupCommand { Command = "echo 'venv missing' >&2; exit 3" }] },
        };
        var launch = new AgentLaunch
        {
            Key = ResourceKey.Agent("b"),
            Spec = spec,
            Paths = AgentPaths.For(_dir.Combine("sacop"), ResourceKey.Agent("b")),
            InstanceName = "sac-b",
        };

        var act = () => _runtime.StartAsync(launch, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<AgentStartException>()).Which;
        error.Reason.Should().Be(StartFailureReasons.StartupCommandFailed);
        error.Message.Should().Contain("exited with code 3").And.Contain("venv missing");
        File.Exists(Path.Combine(launch.Paths.Work, "started")).Should().BeFalse();
    }
}
