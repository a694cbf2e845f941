using System.Globalization;
using System.Text;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Parsing;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Runtime;

/// <summary>
/// Each runnable agent of the sac corpus started through the Apptainer runtime and the test
/// stand-in, in a throwaway home laid out as sac lays it out: the apptainer command lines, the
/// environment inside the container and the materialised home are golden
/// (<c>expected/&lt;agent&gt;.launch.txt</c>). The agent's command is replaced by one that
/// records its environment, so no Claude Code is needed.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SacFleetLaunchTests : IDisposable
{
    private readonly TempDirectory _dir = new("sacfleet");
    private readonly Dictionary<string, string> _env;
    private readonly ApptainerRuntime _runtime;

    public SacFleetLaunchTests()
    {
        _env = new Dictionary<string, string>
        {
            ["PATH"] = $"{Repo.StandIns}:/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = _dir.Combine("home"),
            ["APPTAINER_STANDIN_DIR"] = _dir.Combine("standin"),
            ["APPTAINER_STANDIN_LOG"] = _dir.Combine("apptainer.log"),
            ["CLAUDE_CODE_OAUTH_TOKEN"] = "sk-ant-oat01-corpus-oauth-env-token",
            ["DEEPSEEK_API_KEY"] = "sk-corpus-deepseek-key-000000000000",
        };
        SacFleetCorpus.CopyTo(SacFleetCorpus.Home, _dir.Combine("home"));
        SacFleetCorpus.CopyTo(SacFleetCorpus.Agents, _dir.Combine("agents"));
        _dir.Write("home/.scitex/agent-container/containers/sac-base.sif", "base");
        _dir.Write("home/.scitex/agent-container/containers/sac-scitex.sif", "scitex");
        _dir.Write("home/.claude/.credentials.json", """{"claudeAiOauth": {"accessToken": "sk-ant-oat01-corpus-file-token"}}""");
        Directory.CreateDirectory(_dir.Combine("home", "proj", "lead"));
        Directory.CreateDirectory(_dir.Combine("home", "proj", "worker"));
        _runtime = new ApptainerRuntime(new ApptainerOptions(), _env, new ProcessRunner(), _dir.Combine("sacop"), TimeProvider.System);
    }

    public void Dispose()
    {
        _ = new ProcessRunner().RunAsync([Path.Combine(Repo.StandIns, "apptainer"), "instance", "stop", "--all"], TimeSpan.FromSeconds(20), _env).Result;
        _dir.Dispose();
    }

    [TestCase("lead")]
    [TestCase("worker")]
    [TestCase("default-image")]
    public async Task StartAsync_CorpusAgent_MatchesGoldenArgvEnvironmentAndHome(string agent)
    {
        Tools.Require("bwrap", "the Debian package bubblewrap");
        var launch = Launch(agent);

        await _runtime.StartAsync(launch, CancellationToken.None);

        var envFile = Path.Combine(launch.Paths.RuntimeDir, "env.txt");
        await Eventually.Until(() => File.Exists(envFile) && File.ReadAllText(envFile).Contains("END=1", StringComparison.Ordinal), "the agent to record its environment");
        GoldenFile.Verify($"sac-fleet/expected/{agent}.launch.txt", Render(agent, launch));
    }

    [Test]
    public async Task StartAsync_HomeEnvFile_ReachesTheAgentButNotTheArgv()
    {
        Tools.Require("bwrap", "the Debian package bubblewrap");
        var launch = Launch("lead");

        await _runtime.StartAsync(launch, CancellationToken.None);

        var envFile = Path.Combine(launch.Paths.RuntimeDir, "env.txt");
        await Eventually.Until(() => File.Exists(envFile) && File.ReadAllText(envFile).Contains("END=1", StringComparison.Ordinal), "the agent to record its environment");
        File.ReadAllLines(envFile).Should().Contain("CORPUS_NOTES_TOKEN=notes-token-lead-0001");
        File.ReadAllText(_dir.Combine("apptainer.log")).Should().NotContain("notes-token-lead-0001");
        File.GetUnixFileMode(Path.Combine(launch.Paths.Home, ".env")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Test]
    public async Task StartAsync_OAuth_BindsTheCredentialsDirectoryAndKeepsTokensOutOfTheArgv()
    {
        Tools.Require("bwrap", "the Debian package bubblewrap");
        var launch = Launch("lead") is var l ? l with { Spec = l.Spec with { Command = ["sh", "-c", "cat \"$CLAUDE_CONFIG_DIR/.credentials.json\" > /sac/state/seen.txt; exec sleep 60"] } } : null!;

        await _runtime.StartAsync(launch, CancellationToken.None);

        var seen = Path.Combine(launch.Paths.RuntimeDir, "seen.txt");
        await Eventually.Until(() => File.Exists(seen) ? File.ReadAllText(seen) : "", t => t.Contains("accessToken", StringComparison.Ordinal), "the agent to read its credentials");
        var argv = File.ReadAllText(_dir.Combine("apptainer.log"));
        argv.Should().Contain($"--bind {_dir.Combine("home", ".claude")}:/tmp/sac-claude:rw");
        argv.Should().NotContain("sk-ant-oat01");
    }

    private AgentLaunch Launch(string agent)
    {
        var file = _dir.Combine("agents", agent, "spec.yaml");
        var parsed = SacSpecReader.Read(file, File.ReadAllText(file), SacFleetCorpus.HostName, _env);
        var spec = ((Agent)parsed.Resources.Single().Resource!).Spec;
        var key = ResourceKey.Agent(agent);
        return new AgentLaunch
        {
            Key = key,
            Spec = spec with { Command = ["sh", "-c", "env | sort > /sac/state/env.partial; echo END=1 >> /sac/state/env.partial; mv /sac/state/env.partial /sac/state/env.txt; exec sleep 60"] },
            Paths = AgentPaths.For(_dir.Combine("sacop"), key),
            InstanceName = AgentPaths.InstanceName(key),
            SpecDirectory = Path.GetDirectoryName(file),
        };
    }

    private string Render(string agent, AgentLaunch launch)
    {
        var output = new StringBuilder();
        output.Append("# apptainer calls (instance list omitted)\n");
        foreach (var line in File.ReadAllLines(_dir.Combine("apptainer.log")).Where(l => !l.StartsWith("apptainer instance list", StringComparison.Ordinal)))
        {
            output.Append(Placeholders(line)).Append('\n');
        }

        output.Append("# environment in the container\n");
        foreach (var line in File.ReadAllLines(Path.Combine(launch.Paths.RuntimeDir, "env.txt")).Where(l => !l.StartsWith("_=", StringComparison.Ordinal) && !l.StartsWith("SHLVL=", StringComparison.Ordinal)))
        {
            output.Append(Placeholders(line)).Append('\n');
        }

        output.Append("# home\n");
        var home = launch.Paths.Home;
        foreach (var file in Directory.EnumerateFiles(home, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(home, file);
            output.Append("## ").Append(relative).Append(' ').Append(Convert.ToString((int)File.GetUnixFileMode(file), 8).PadLeft(4, '0')).Append('\n');
            output.Append(Placeholders(File.ReadAllText(file)));
        }

        if (File.Exists(launch.Paths.Stderr))
        {
            output.Append("# stderr.log\n").Append(Placeholders(File.ReadAllText(launch.Paths.Stderr)));
        }

        if (agent == "worker")
        {
            output.Append("# ~/scratch/worker/prepared.txt (startup commands)\n").Append(File.ReadAllText(_dir.Combine("home", "scratch", "worker", "prepared.txt")));
        }

        return output.ToString();
    }

    private string Placeholders(string text) =>
        text.Replace(_dir.Path, "$TMP", StringComparison.Ordinal).Replace(Repo.StandIns, "$STANDINS", StringComparison.Ordinal);
}
