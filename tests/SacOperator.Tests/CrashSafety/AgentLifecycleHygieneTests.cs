using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Processes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.CrashSafety;

/// <summary>
/// Defects a hostile test of the built <c>sacop</c> found in the agent lifecycle: processes left
/// behind by stopped or crashed agents, operator descriptors leaking into agents, a home bricked by
/// agents that exit at once, and counters that appear only at their first increment.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
public sealed class AgentLifecycleHygieneTests : IDisposable
{
    private readonly TempDirectory _dir = new("hygiene");
    private readonly SacopCli _cli;
    private readonly string _agents;
    private Process? _operator;

    public AgentLifecycleHygieneTests()
    {
        _cli = new SacopCli(_dir.Combine("home"));
        _agents = _dir.Combine("agents");
        Directory.CreateDirectory(_agents);
    }

    public void Dispose()
    {
        Stop(kill: true);
        HomeProcesses.KillAll(_cli.Home);
        OperatorTeardown.PrintLogIfFailed(_dir.Combine("operator.log"));

        _dir.Dispose();
    }

    private static string Spec(string name, string command, string extra = "") => $"""
        apiVersion: sacoperator.dev/v1alpha1
        kind: Agent
        metadata:
          name: {name}
        spec:
          runtime: local
          command: {command}
          terminationGracePeriod: 1s
        {extra}
        """;

    /// <summary>A leader that keeps a grandchild which ignores SIGTERM.</summary>
    private const string WithStubbornGrandchild =
        """["bash", "-c", "bash -c 'trap \"\" TERM; while true; do sleep 1; done' & while true; do sleep 5; done"]""";

    [Test]
    public async Task DeletedSpec_AgentWithATermIgnoringGrandchild_LeavesNoProcessBehind()
    {
        Start();
        var file = Path.Combine(_agents, "stubborn.yaml");
        File.WriteAllText(file, Spec("stubborn", WithStubbornGrandchild));
        await _cli.WaitForAgentAsync("stubborn", a => Phase(a) == "Running", "Running");
        await Eventually.Until(() => HomeProcesses.List(_cli.Home).Count, n => n >= 3, "the grandchild to start");

        File.Delete(file);

        await Eventually.Until(() => HomeProcesses.List(_cli.Home).Count, n => n == 0, "every process of the agent to be gone", TimeSpan.FromSeconds(30));
        (await _cli.RunAsync("events", "stubborn")).Stdout.Should().Contain("left processes behind");
    }

    [Test]
    public async Task DeletedSpec_AgentWhoseGrandchildCalledSetsid_LeavesNoProcessBehindWhereAgentCgroupsExist()
    {
        SkipWithoutCgroups();
        Start();
        var file = Path.Combine(_agents, "escaper.yaml");
        File.WriteAllText(file, Spec("escaper", """["bash", "-c", "setsid bash -c 'trap \"\" TERM; while true; do sleep 1; done' & while true; do sleep 5; done"]"""));
        var pid = Pid(await _cli.WaitForAgentAsync("escaper", a => Phase(a) == "Running", "Running"));
        var escaped = await Eventually.Until(
            () => HomeProcesses.List(_cli.Home).Where(p => ProcStat.Read(p.Pid)?.Session != ProcStat.Read(pid)?.Session).ToList(),
            list => list.Count > 0, "the grandchild to leave the agent's session");

        File.Delete(file);

        await Eventually.Until(() => HomeProcesses.List(_cli.Home).Count, n => n == 0, "every process of the agent, the setsid one included, to be gone", TimeSpan.FromSeconds(30));
        escaped.Should().OnlyContain(p => ProcStat.Read(p.Pid) == null || ProcStat.Read(p.Pid)!.Value.IsZombie);
    }

    private static void SkipWithoutCgroups()
    {
        var probe = CgroupTree.Detect("probe" + Guid.NewGuid().ToString("N")[..12], out var reason);
        if (probe is null)
        {
            Assert.Ignore($"agent cgroups are not available here ({reason}); setsid descendants are then stopped at the next operator start");
        }

        Directory.Delete(probe!.Path);
    }

    [Test]
    public async Task CrashLoopingAgent_ThatLeavesAGrandchildEachRun_NeverAccumulatesThem()
    {
        Start();
        const string command = """["bash", "-c", "bash -c 'trap \"\" TERM; exec sleep 1000' & sleep 0.2; exit 3"]""";
        File.WriteAllText(Path.Combine(_agents, "leaky.yaml"), Spec("leaky", command, """
              restart:
                policy: always
                maxRetries: -1
                backoff:
                  initial: 1s
                  max: 1s
            """));

        await _cli.WaitForAgentAsync("leaky", a => RestartCount(a) >= 3, "three restarts", TimeSpan.FromSeconds(60));
        var grandchildren = HomeProcesses.List(_cli.Home).Count(p => Cmdline(p.Pid) == "sleep\01000\0");

        grandchildren.Should().BeLessThanOrEqualTo(1, "what earlier runs left behind is stopped before the next run starts");
    }

    [Test]
    public async Task AgentProcess_HasNoDescriptorOfTheOperator_OnlyItsThreeStandardStreams()
    {
        Start();
        File.WriteAllText(Path.Combine(_agents, "plain.yaml"), Spec("plain", """["sleep", "1000"]"""));
        var pid = Pid(await _cli.WaitForAgentAsync("plain", a => Phase(a) == "Running", "Running"));

        var fds = Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Select(Path.GetFileName).Order().ToList();

        fds.Should().Equal("0", "1", "2");
    }

    [Test]
    public async Task Operator_RestartedAfterTwentyAgentsExitedWithinAMillisecond_ComesBackAndReportsThem()
    {
        for (var i = 0; i < 20; i++)
        {
            File.WriteAllText(Path.Combine(_agents, $"quick-{i}.yaml"), Spec($"quick-{i}", """["bash", "-c", "exit 4"]""", """
                  restart:
                    policy: never
                """));
        }

        Start();
        await Eventually.Until(async () => (await _cli.AgentsAsync()).Values.Count(a => Phase(a) == "Failed"), n => n == 20, "all 20 to fail", TimeSpan.FromSeconds(60));
        Stop(kill: false);

        Start();
        var agents = await Eventually.Until(async () => await _cli.AgentsAsync(), a => a.Count == 20, "the agents after a restart");
        await Eventually.Until(() => File.ReadAllText(_dir.Combine("operator.log")).Contains("watching", StringComparison.Ordinal), "the banner");

        _operator!.HasExited.Should().BeFalse("a record written by the last run must never stop the operator");
        agents.Values.Should().OnlyContain(a => Phase(a) == "Failed");
        (await _cli.RunAsync("events")).Stdout.Should().NotContain("after -");
    }

    [Test]
    public async Task Metrics_AgentThatNeverRestarted_ExportsItsRestartCounterAtZero()
    {
        var port = FreePort();
        Start("--listen", $"127.0.0.1:{port}");
        File.WriteAllText(Path.Combine(_agents, "steady.yaml"), Spec("steady", """["sleep", "1000"]"""));
        await _cli.WaitForAgentAsync("steady", a => Phase(a) == "Running", "Running");
        using var http = new HttpClient();

        var text = await Eventually.Until(
            async () => await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")),
            t => t.Contains("sac_agent_restarts_total{agent=\"steady\"}", StringComparison.Ordinal),
            "the restart counter of the agent");

        text.Should().Contain("sac_agent_restarts_total{agent=\"steady\"} 0");
    }

    private void Start(params string[] extra) => _operator = _cli.StartOperator(_agents, _dir.Combine("operator.log"), extra);

    private void Stop(bool kill)
    {
        if (_operator is { HasExited: false })
        {
            if (kill)
            {
                _operator.Kill();
            }
            else
            {
                SacOperator.Processes.LibC.kill(_operator.Id, SacOperator.Processes.LibC.SIGTERM);
            }

            _operator.WaitForExit(10_000);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Cmdline(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string Phase(JsonObject agent) => agent["status"]?["phase"]?.GetValue<string>() ?? "";

    private static int Pid(JsonObject agent) => agent["status"]?["pid"]?.GetValue<int>() ?? 0;

    private static int RestartCount(JsonObject agent) => agent["status"]?["restartCount"]?.GetValue<int>() ?? 0;
}
