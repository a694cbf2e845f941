using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Processes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.EndToEnd;

/// <summary>
/// The built <c>sacop</c> binary ($SACOP_BIN, set by <c>make test</c> to ./bin/sacop) as a user
/// runs it: the operator as a separate process, the CLI against its state, agents as real
/// processes, and <c>kill -9</c> of agents and of the operator itself.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
public sealed class OperatorEndToEndTests : IDisposable
{
    private readonly TempDirectory _dir = new("e2e");
    private readonly SacopCli _cli;
    private readonly string _agents;
    private readonly string _marker = "6" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
    private Process? _operator;

    public OperatorEndToEndTests()
    {
        _cli = new SacopCli(_dir.Combine("home"));
        _agents = _dir.Combine("agents");
        Directory.CreateDirectory(_agents);
    }

    public void Dispose()
    {
        StopOperator();
        OperatorHarness.KillAgents(_cli.Home);
        OperatorTeardown.PrintLogIfFailed(_dir.Combine("operator.log"));

        _dir.Dispose();
    }

    private string Spec(string name, string extra = "") => $"""
        apiVersion: sacoperator.dev/v1alpha1
        kind: Agent
        metadata:
          name: {name}
        spec:
          runtime: local
          # a unique sleep duration marks this test's agents in the process table
          command: ["sleep", "{_marker}"]
          restart:
            policy: always
            maxRetries: -1
            backoff:
              initial: 1s
              max: 5s
        {extra}
        """;

    [Test]
    public async Task Get_AfterSpecIsDropped_ShowsTheAgentRunningAsJsonList()
    {
        StartOperator();
        File.WriteAllText(Path.Combine(_agents, "a.yaml"), Spec("a"));

        var agent = await _cli.WaitForAgentAsync("a", a => Phase(a) == "Running", "Running");
        var table = await _cli.RunAsync("get", "agents");
        var list = JsonNode.Parse((await _cli.RunAsync("get", "agents", "-o", "json")).Stdout)!;

        list["kind"]!.GetValue<string>().Should().Be("List");
        agent["status"]!["restartCount"]!.GetValue<int>().Should().Be(0);
        agent["status"]!["conditions"]!.AsArray().Should().Contain(c => c!["type"]!.GetValue<string>() == "Ready" && c["status"]!.GetValue<string>() == "True");
        agent["spec"]!["command"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("sleep", _marker);
        table.Stdout.Should().MatchRegex(@"(?m)^NAME\s+PHASE\s+RESTARTS\s+AGE\s+MESSAGE$").And.MatchRegex(@"(?m)^a\s+Running\s+0\s");
        CountAgentProcesses().Should().Be(1);
    }

    [Test]
    public async Task KilledAgent_IsRestarted_FirstAtOnceThenAfterTheBackoff()
    {
        StartOperator();
        File.WriteAllText(Path.Combine(_agents, "a.yaml"), Spec("a"));
        var first = Pid(await _cli.WaitForAgentAsync("a", a => Phase(a) == "Running", "Running"));

        LibC.kill(first, LibC.SIGKILL);
        var second = Pid(await _cli.WaitForAgentAsync("a", a => Phase(a) == "Running" && Pid(a) != first, "a first restart"));
        LibC.kill(second, LibC.SIGKILL);
        var third = await _cli.WaitForAgentAsync("a", a => Phase(a) == "Running" && Pid(a) != second, "a second restart");

        // Judged from the recorded times, not by catching the one-second Restarting phase with a poll.
        var exited = third["status"]!["lastExitTime"]!.GetValue<DateTimeOffset>();
        var restarted = third["status"]!["startedAt"]!.GetValue<DateTimeOffset>();
        (restarted - exited).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9), "the second restart waits for backoff.initial (1s)");
        third["status"]!["restartCount"]!.GetValue<int>().Should().Be(2);
        CountAgentProcesses().Should().Be(1);
    }

    [Test]
    public async Task BrokenFile_OnlyItsAgentIsInvalid_AndTheErrorNamesFileLineAndField()
    {
        StartOperator();
        File.WriteAllText(Path.Combine(_agents, "good.yaml"), Spec("good"));
        await _cli.WaitForAgentAsync("good", a => Phase(a) == "Running", "Running");

        File.WriteAllText(Path.Combine(_agents, "broken.yaml"), Spec("broken").Replace("policy: always", "policy: sometimes"));
        var broken = await _cli.WaitForAgentAsync("broken", a => Phase(a) == "Invalid", "Invalid");
        var validate = await _cli.RunAsync("validate", _agents);

        broken["status"]!["message"]!.GetValue<string>().Should().MatchRegex(@"broken\.yaml:10:13: spec\.restart\.policy: must be one of never, on-failure, always");
        Phase((await _cli.AgentsAsync())["good"]).Should().Be("Running");
        validate.ExitCode.Should().Be(1);
        validate.Stderr.Should().Contain("broken.yaml:10:13: spec.restart.policy: must be one of never, on-failure, always");
    }

    [Test]
    public async Task KilledOperator_OnRestart_AdoptsRunningAgentsWithoutDuplicates()
    {
        StartOperator();
        File.WriteAllText(Path.Combine(_agents, "a.yaml"), Spec("a"));
        File.WriteAllText(Path.Combine(_agents, "b.yaml"), Spec("b"));
        var a = Pid(await _cli.WaitForAgentAsync("a", x => Phase(x) == "Running", "Running"));
        var b = Pid(await _cli.WaitForAgentAsync("b", x => Phase(x) == "Running", "Running"));

        _operator!.Kill();
        await _operator.WaitForExitAsync().WithTimeout();
        StartOperator();
        await Eventually.Until(() => File.ReadAllText(_dir.Combine("operator.log")).Split("adopted running process").Length - 1, n => n >= 2, "both agents to be adopted");

        var agents = await _cli.AgentsAsync();
        Pid(agents["a"]).Should().Be(a);
        Pid(agents["b"]).Should().Be(b);
        CountAgentProcesses().Should().Be(2);
        (await _cli.RunAsync("events", "a")).Stdout.Should().Contain("Adopted");
    }

    [Test]
    public async Task DeletedSpec_StopsTheAgentProcess()
    {
        StartOperator();
        var file = Path.Combine(_agents, "a.yaml");
        File.WriteAllText(file, Spec("a"));
        var pid = Pid(await _cli.WaitForAgentAsync("a", x => Phase(x) == "Running", "Running"));

        File.Delete(file);
        await Eventually.Until(async () => !(await _cli.AgentsAsync()).ContainsKey("a"), "the agent to disappear from get");

        ProcStat.Read(pid).Should().BeNull();
        CountAgentProcesses().Should().Be(0);
    }

    [Test]
    public async Task SuspendAndResume_EditTheSpecKeepingComments_AndFreezeThenThaw()
    {
        StartOperator();
        var file = Path.Combine(_agents, "a.yaml");
        File.WriteAllText(file, Spec("a"));
        var pid = Pid(await _cli.WaitForAgentAsync("a", x => Phase(x) == "Running", "Running"));

        var suspend = await _cli.RunAsync("suspend", "a");
        await _cli.WaitForAgentAsync("a", x => Phase(x) == "Frozen", "Frozen");
        var frozenState = await Eventually.Until(() => ProcStat.Read(pid)!.Value.State, s => s == 'T', "SIGSTOP to take effect");
        var resume = await _cli.RunAsync("resume", "a");
        var thawed = await _cli.WaitForAgentAsync("a", x => Phase(x) == "Running", "Running again");

        suspend.ExitCode.Should().Be(0, suspend.ToString());
        resume.ExitCode.Should().Be(0, resume.ToString());
        frozenState.Should().Be('T');
        Pid(thawed).Should().Be(pid);
        File.ReadAllText(file).Should().Contain("# a unique sleep duration marks").And.Contain("suspend: false");
    }

    [Test]
    public async Task Restart_FromTheCli_StartsANewProcess()
    {
        StartOperator();
        File.WriteAllText(Path.Combine(_agents, "a.yaml"), Spec("a"));
        var pid = Pid(await _cli.WaitForAgentAsync("a", x => Phase(x) == "Running", "Running"));

        var result = await _cli.RunAsync("restart", "a");
        var restarted = await _cli.WaitForAgentAsync("a", x => Phase(x) == "Running" && Pid(x) != pid, "a new process");

        result.ExitCode.Should().Be(0, result.ToString());
        restarted["status"]!["restartCount"]!.GetValue<int>().Should().Be(1);
        CountAgentProcesses().Should().Be(1);
    }

    [Test]
    public async Task Logs_PrintTheAgentsOutput()
    {
        StartOperator();
        File.WriteAllText(Path.Combine(_agents, "talker.yaml"), Spec("talker").Replace($"[\"sleep\", \"{_marker}\"]", $"[\"sh\", \"-c\", \"echo hello from $SAC_AGENT_NAME; echo oops >&2; exec sleep {_marker}\"]"));
        await _cli.WaitForAgentAsync("talker", x => Phase(x) == "Running", "Running");

        await Eventually.Until(async () => (await _cli.RunAsync("logs", "talker")).Stdout.Contains("hello from talker"), "the session output");
        (await _cli.RunAsync("logs", "talker", "--stderr")).Stdout.Should().Contain("oops");
    }

    [Test]
    public async Task SecondOperatorOnTheSameHome_RefusesToStart()
    {
        StartOperator();
        File.WriteAllText(Path.Combine(_agents, "a.yaml"), Spec("a"));
        await _cli.WaitForAgentAsync("a", x => Phase(x) == "Running", "Running");

        var second = await _cli.RunAsync("run", "--agents-dir", _agents);

        second.ExitCode.Should().Be(1);
        second.Stderr.Should().Contain("another operator").And.Contain(_operator!.Id.ToString(CultureInfo.InvariantCulture));
        CountAgentProcesses().Should().Be(1);
    }

    [Test]
    public async Task Get_WithoutOperatorState_SaysHowToStartIt()
    {
        var result = await _cli.RunAsync("get", "agents");

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("no operator state").And.Contain("sacop run");
    }

    private void StartOperator() => _operator = _cli.StartOperator(_agents, _dir.Combine("operator.log"));

    private void StopOperator()
    {
        if (_operator is { HasExited: false })
        {
            _operator.Kill();
            _operator.WaitForExit(5000);
        }
    }

    private static string Phase(JsonObject agent) => agent["status"]?["phase"]?.GetValue<string>() ?? "";

    private static int Pid(JsonObject agent) => agent["status"]?["pid"]?.GetValue<int>() ?? 0;

    /// <summary>Processes running this test's agent command (a unique sleep duration).</summary>
    private int CountAgentProcesses() =>
        Directory.EnumerateDirectories("/proc").Count(dir =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(dir, "cmdline")) == $"sleep\0{_marker}\0" && ProcStat.Read(int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture)) is { IsZombie: false };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return false;
            }
        });
}
