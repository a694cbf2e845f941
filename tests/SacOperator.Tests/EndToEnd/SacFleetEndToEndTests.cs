using System.Diagnostics;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Processes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.EndToEnd;

/// <summary>
/// A sac user's fleet, unchanged, under the built <c>sacop</c>: the corpus agents root copied to
/// <c>~/.scitex/agent-container/agents</c> of a throwaway home with sac's containers directory
/// and a <c>~/.claude</c>, run through the Apptainer stand-in whose "image" provides a fake
/// <c>claude</c> that records what it was given.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
public sealed class SacFleetEndToEndTests : IDisposable
{
    private static readonly string[] Secrets =
        ["sk-ant-oat01-e2e-env-token-7f3a", "sk-e2e-deepseek-key-51c2e9", "notes-token-lead-0001", "sk-ant-oat01-e2e-file-token-a9d4"];

    private readonly TempDirectory _dir = new("sacfleet-e2e");
    private readonly SacopCli _cli;
    private Process? _operator;

    public SacFleetEndToEndTests()
    {
        var home = _dir.Combine("home");
        SacFleetCorpus.CopyTo(SacFleetCorpus.Agents, Path.Combine(home, ".scitex", "agent-container", "agents"));
        _dir.Write("home/.scitex/agent-container/containers/sac-base.sif", "base image");
        _dir.Write("home/.scitex/agent-container/containers/sac-scitex.sif", "scitex image");
        _dir.Write("home/.claude/.credentials.json", "{\"claudeAiOauth\": {\"accessToken\": \"" + Secrets[3] + "\"}}");
        Directory.CreateDirectory(_dir.Combine("home", "proj", "lead"));
        Directory.CreateDirectory(_dir.Combine("home", "proj", "worker"));
        var claude = _dir.Write("image-bin/claude", """
            #!/bin/sh
            # The image's Claude Code, faked: records its argv and what it can see, writes a heartbeat, waits.
            { printf '%s\n' "$@"; echo "HOME=$HOME"; echo "CLAUDE_CONFIG_DIR=$CLAUDE_CONFIG_DIR"
              test -f "$CLAUDE_CONFIG_DIR/.credentials.json" && echo credentials-visible
              test -f "$HOME/CLAUDE.md" && echo home-materialised; } > "$SAC_STATE_DIR/claude.txt"
            printf '{"ts": "%s", "pid": %s, "state": "idle"}\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$$" > "$SAC_HEARTBEAT_FILE"
            cat >> "$SAC_STATE_DIR/prompts.jsonl" &
            exec sleep 2147483647
            """);
        File.SetUnixFileMode(claude, (UnixFileMode)0b111_101_101);
        _cli = new SacopCli(_dir.Combine("sacop"), new Dictionary<string, string>
        {
            ["PATH"] = $"{Repo.StandIns}:/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = home,
            ["APPTAINER_STANDIN_DIR"] = _dir.Combine("standin"),
            ["APPTAINER_STANDIN_LOG"] = _dir.Combine("apptainer.log"),
            ["APPTAINER_STANDIN_IMAGE_BIN"] = _dir.Combine("image-bin"),
            ["CLAUDE_CODE_OAUTH_TOKEN"] = Secrets[0],
            ["DEEPSEEK_API_KEY"] = Secrets[1],
        });
    }

    public void Dispose()
    {
        if (_operator is { HasExited: false })
        {
            _operator.Kill();
            _operator.WaitForExit(5000);
        }

        OperatorHarness.KillAgents(_cli.Home);
        using (var stop = Process.Start(new ProcessStartInfo(Path.Combine(Repo.StandIns, "apptainer"), ["instance", "stop", "--all"])
        {
            Environment = { ["APPTAINER_STANDIN_DIR"] = _dir.Combine("standin") },
            RedirectStandardError = true,
        }))
        {
            stop?.WaitForExit(20_000);
        }

        OperatorTeardown.PrintLogIfFailed(_dir.Combine("operator.log"));

        _dir.Dispose();
    }

    [Test]
    public async Task Run_SacAgentsRoot_StartsTheFleetAsSacWouldWithNothingSecretInAnyOutput()
    {
        Tools.Require("bwrap", "the Debian package bubblewrap");
        var agents = _dir.Combine("home", ".scitex", "agent-container", "agents");
        _operator = _cli.StartOperator(agents, _dir.Combine("operator.log"), "--host", "e2e-host");

        foreach (var name in new[] { "lead", "worker", "default-image" })
        {
            await _cli.WaitForAgentAsync(name, a => Phase(a) == "Running", "Running", TimeSpan.FromSeconds(90));
        }

        var fleet = await _cli.AgentsAsync();
        Phase(fleet["elsewhere"]).Should().Be("Pending");
        Phase(fleet["codex"]).Should().Be("Invalid");
        fleet["codex"]["status"]!["message"]!.GetValue<string>().Should().Contain("harness 'codex'");

        var runtime = Path.Combine(_cli.Home, "runtime");
        var lead = await Eventually.Until(() => Read(Path.Combine(runtime, "lead", "claude.txt")), t => t.Contains("home-materialised", StringComparison.Ordinal), "the lead's claude to start");
        lead.Should().Contain("--continue", "a lead with a null session continues, by sac's role rule")
            .And.Contain("CLAUDE_CONFIG_DIR=/tmp/sac-claude").And.Contain("credentials-visible");
        File.ReadAllText(Path.Combine(runtime, "lead", "home", "CLAUDE.md")).Should().Contain("# Fleet rules").And.Contain("# Lead");
        File.Exists(Path.Combine(runtime, "lead", "home", ".claude", "commands", "standup.md")).Should().BeTrue();
        File.GetUnixFileMode(Path.Combine(runtime, "lead", "home", ".env")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.ReadAllText(_dir.Combine("home", "scratch", "worker", "prepared.txt")).Should().Be("prepared\nalpha on e2e-host\n");
        File.ReadAllText(_dir.Combine("apptainer.log")).Should().Contain($"--bind {_dir.Combine("home", ".claude")}:/tmp/sac-claude:rw");

        var outputs = new Dictionary<string, string>
        {
            ["get -o json"] = (await _cli.RunAsync("get", "agents", "-o", "json")).Stdout,
            ["describe lead"] = (await _cli.RunAsync("describe", "agent", "lead")).Stdout,
            ["events"] = (await _cli.RunAsync("events")).Stdout,
            ["operator log"] = File.ReadAllText(_dir.Combine("operator.log")),
            ["apptainer argv"] = File.ReadAllText(_dir.Combine("apptainer.log")),
            ["state db"] = string.Concat(Directory.EnumerateFiles(_cli.Home, "state.db*").Select(f => System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(f)))),
        };
        foreach (var (what, text) in outputs)
        {
            foreach (var secret in Secrets)
            {
                text.Should().NotContain(secret, $"{what} must not carry a secret");
            }
        }
    }

    [Test]
    public async Task Run_WithoutAgentsDir_FindsSacsAgentsDirectoryAndSaysSo()
    {
        Tools.Require("bwrap", "the Debian package bubblewrap");
        _operator = _cli.StartOperatorSplit(null, _dir.Combine("operator.log"), _dir.Combine("operator.err"), "--host", "e2e-host");

        await _cli.WaitForAgentAsync("lead", a => Phase(a) == "Running", "Running", TimeSpan.FromSeconds(90));

        File.ReadAllText(_dir.Combine("operator.err")).Should().Contain(
            $"{_dir.Combine("home", ".scitex", "agent-container", "agents")} (sac's agents directory)");
    }

    [Test]
    public async Task Check_Agent_ReportsOneLinePerCheckAndFailsOnAMissingImage()
    {
        var good = await _cli.RunAsync("check", "lead", "--host", "e2e-host", "--apptainer", Path.Combine(Repo.StandIns, "apptainer"));
        File.Delete(_dir.Combine("home", ".scitex", "agent-container", "containers", "sac-scitex.sif"));
        var bad = await _cli.RunAsync("check", "worker", "--host", "e2e-host", "--apptainer", Path.Combine(Repo.StandIns, "apptainer"));

        good.ExitCode.Should().Be(0, good.ToString());
        good.Stdout.Should().MatchRegex(@"(?m)^ok\s+spec\s+.*lead/spec\.yaml valid").And.MatchRegex(@"(?m)^ok\s+runtime\s+apptainer found")
            .And.MatchRegex(@"(?m)^ok\s+image\s+.*sac-base\.sif").And.MatchRegex(@"(?m)^ok\s+bind\s+~/proj/lead:/work:rw")
            .And.MatchRegex(@"(?m)^ok\s+home\s+\d+ file\(s\) from project-shared, per-agent").And.MatchRegex(@"(?m)^ok\s+credentials\s+credentials directory .*\.claude");
        bad.ExitCode.Should().Be(1);
        bad.Stdout.Should().MatchRegex(@"(?m)^FAIL\s+image\s+image 'sac-scitex' not found").And.MatchRegex(@"(?m)^ok\s+bind\s+~/data/shared.*skipped at start \(required: false\)");
        foreach (var secret in Secrets)
        {
            (good.Stdout + good.Stderr + bad.Stdout + bad.Stderr).Should().NotContain(secret);
        }
    }

    [Test]
    public async Task Delete_RunningAgentWithPurge_StopsItAndRemovesSpecAndRuntimeDirectories()
    {
        Tools.Require("bwrap", "the Debian package bubblewrap");
        var agents = _dir.Combine("home", ".scitex", "agent-container", "agents");
        _operator = _cli.StartOperator(agents, _dir.Combine("operator.log"), "--host", "e2e-host");
        await _cli.WaitForAgentAsync("lead", a => Phase(a) == "Running", "Running", TimeSpan.FromSeconds(90));

        var deleted = await _cli.RunAsync("delete", "lead", "-y", "--purge", "--agents-dir", agents);

        deleted.ExitCode.Should().Be(0, deleted.ToString());
        Directory.Exists(Path.Combine(agents, "lead")).Should().BeFalse();
        Directory.Exists(Path.Combine(_cli.Home, "runtime", "lead")).Should().BeFalse();
        await Eventually.Until(async () => await _cli.AgentsAsync(), a => !a.ContainsKey("lead"), "the deleted agent to leave the list");
    }

    [Test]
    public async Task ToHomeEdit_RunningAgent_RestartsItWithTheNewFileInItsHome()
    {
        Tools.Require("bwrap", "the Debian package bubblewrap");
        var agents = _dir.Combine("home", ".scitex", "agent-container", "agents");
        _operator = _cli.StartOperator(agents, _dir.Combine("operator.log"), "--host", "e2e-host");
        var before = Pid(await _cli.WaitForAgentAsync("lead", a => Phase(a) == "Running" && Pid(a) != 0, "Running", TimeSpan.FromSeconds(90)));
        var worker = Pid(await _cli.WaitForAgentAsync("worker", a => Phase(a) == "Running" && Pid(a) != 0, "Running", TimeSpan.FromSeconds(90)));

        File.WriteAllText(Path.Combine(agents, "lead", "to_home", "NOTES.md"), "# added while running\n");

        await _cli.WaitForAgentAsync("lead", a => Phase(a) == "Running" && Pid(a) != 0 && Pid(a) != before, "a restart with the new home", TimeSpan.FromSeconds(90));
        File.ReadAllText(Path.Combine(_cli.Home, "runtime", "lead", "home", "NOTES.md")).Should().Be("# added while running\n");
        (await _cli.RunAsync("events", "lead")).Stdout.Should().Contain("spec changed");
        Pid((await _cli.AgentsAsync())["worker"]).Should().Be(worker, "lead's to_home is not part of worker's spec");
    }

    [Test]
    public async Task StopThenStart_RunningSacAgent_StaysStoppedAcrossAnOperatorKillThenRunsWithTheSameRestartCount()
    {
        Tools.Require("bwrap", "the Debian package bubblewrap");
        var agents = _dir.Combine("home", ".scitex", "agent-container", "agents");
        var startedMark = Path.Combine(_cli.Home, "runtime", "lead", "claude.txt");
        _operator = _cli.StartOperator(agents, _dir.Combine("operator.log"), "--host", "e2e-host");
        var running = await _cli.WaitForAgentAsync("lead", a => Phase(a) == "Running" && Pid(a) != 0, "Running", TimeSpan.FromSeconds(90));
        await Eventually.Until(() => File.Exists(startedMark), x => x, "the lead's claude to start");

        var stop = await _cli.RunAsync("stop", "lead");

        stop.ExitCode.Should().Be(0, stop.ToString());
        await _cli.WaitForAgentAsync("lead", a => Phase(a) == "Stopped" && Pid(a) == 0, "Stopped", TimeSpan.FromSeconds(60));
        (ProcStat.Read(Pid(running)) is not { IsZombie: false }).Should().BeTrue("the agent process is gone");
        File.ReadAllText(Path.Combine(agents, "lead", "spec.yaml")).Should().Contain("stopped: true");
        (await _cli.RunAsync("get", "agents")).Stdout.Should().MatchRegex(@"(?m)^lead\s+Stopped\b");
        File.Delete(startedMark);

        _operator.Kill();
        await _operator.WaitForExitAsync().WithTimeout();
        _operator = _cli.StartOperator(agents, _dir.Combine("operator.log"), "--host", "e2e-host");
        // The new operator reconciles every known agent at its first sync; once it has acted on a later
        // stop of another agent, it has had its chance to start lead, and must not have.
        (await _cli.RunAsync("stop", "worker")).ExitCode.Should().Be(0);
        await _cli.WaitForAgentAsync("worker", a => Phase(a) == "Stopped" && Pid(a) == 0, "worker Stopped", TimeSpan.FromSeconds(60));
        var kept = (await _cli.AgentsAsync())["lead"];
        Phase(kept).Should().Be("Stopped");
        kept["status"]!["reason"]!.GetValue<string>().Should().Be("StoppedByUser");
        File.Exists(startedMark).Should().BeFalse("a stopped agent is not started by an operator restart");

        var start = await _cli.RunAsync("start", "lead");

        start.ExitCode.Should().Be(0, start.ToString());
        var again = await _cli.WaitForAgentAsync("lead", a => Phase(a) == "Running" && Pid(a) != 0, "Running again", TimeSpan.FromSeconds(90));
        again["status"]!["restartCount"]!.GetValue<int>().Should().Be(running["status"]!["restartCount"]!.GetValue<int>(), "a start after a stop is not a restart");
        await Eventually.Until(() => File.Exists(startedMark), x => x, "the lead's claude to start again");
    }

    private static string Read(string file) => File.Exists(file) ? File.ReadAllText(file) : "";

    private static string Phase(JsonObject agent) => agent["status"]?["phase"]?.GetValue<string>() ?? "";

    private static int Pid(JsonObject agent) => agent["status"]?["pid"]?.GetValue<int>() ?? 0;
}
