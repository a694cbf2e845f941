using System.Diagnostics;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Processes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.EndToEnd;

/// <summary>
/// Agents on an ssh Host (decision 0025), with the built <c>sacop</c> as the operator (a separate
/// process) and as the node helper on the "remote" host: a real sshd on loopback, reached with the
/// Host's own connection settings, running <c>sacop node</c> with a home of its own. The agent is a
/// real process of this machine carrying the remote home's launch marker.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
public sealed class SshNodeEndToEndTests : IDisposable
{
    private readonly TempDirectory _dir = new("sshnode");
    private readonly SacopCli _cli;
    private readonly string _agents;
    private readonly string _remoteHome;
    private Process? _operator;

    public SshNodeEndToEndTests()
    {
        _cli = new SacopCli(_dir.Combine("home"));
        _agents = _dir.Combine("agents");
        _remoteHome = _dir.Combine("remote-home");
        Directory.CreateDirectory(_agents);
    }

    public void Dispose()
    {
        OperatorTeardown.Run(_operator, _cli.Home, _dir.Combine("operator.log"));
        HomeProcesses.KillAll(_remoteHome);
        _dir.Dispose();
    }

    [Test]
    public async Task SshHostAgent_StartedOverSsh_UnknownWhileSshdIsDown_SamePidAdoptedWhenBack_StoppedWhenDeleted()
    {
        await using var sshd = await SshServer.StartNewAsync();
        WriteHost(sshd);
        var spec = WriteAgent("worker");
        StartOperator();

        var running = await _cli.WaitForAgentAsync("worker", a => Phase(a) == "Running", "Running on the ssh host");
        var pid = Pid(running);
        var remote = Runs();
        remote.Should().ContainSingle().Which.Pid.Should().Be(pid, "the agent runs under the remote home, started over ssh");
        remote[0].Get("SAC_LAUNCH").Should().Contain(SacOperator.Processes.LaunchMarker.HomeDigest(_remoteHome));
        running["status"]!["host"]!.GetValue<string>().Should().Be("remote");

        await sshd.StopAsync();
        var unknown = await _cli.WaitForAgentAsync("worker", a => Phase(a) == "Unknown", "Unknown while sshd is down");
        unknown["status"]!["reason"]!.GetValue<string>().Should().Be("Unreachable");
        ProcStat.Read(pid).Should().NotBeNull("unknown is not dead: nothing is stopped on suspicion");
        File.ReadAllText(_dir.Combine("operator.log")).Should().Contain("host remote does not answer (Unreachable");

        await sshd.StartAsync();
        var back = await _cli.WaitForAgentAsync("worker", a => Phase(a) == "Running", "Running again once sshd is back");
        Pid(back).Should().Be(pid, "the same process is adopted");
        Runs().Should().ContainSingle("no second process was started");

        File.Delete(spec);
        await Eventually.Until(async () => !(await _cli.AgentsAsync()).ContainsKey("worker"), "the agent to disappear from get");
        await Eventually.Until(() => ProcStat.Read(pid) is not { IsZombie: false }, "the remote process to be stopped");
        Runs().Should().BeEmpty();
    }

    [Test]
    public async Task SshHostAgent_OperatorKilled_RestartedOperatorAdoptsItWithoutDuplicates()
    {
        await using var sshd = await SshServer.StartNewAsync();
        WriteHost(sshd);
        WriteAgent("worker");
        StartOperator();
        var pid = Pid(await _cli.WaitForAgentAsync("worker", a => Phase(a) == "Running", "Running on the ssh host"));

        _operator!.Kill();
        await _operator.WaitForExitAsync().WithTimeout();
        // A child the operator was forking when it died holds the lock until it execs (its ssh calls fork often).
        await Eventually.Until(() => !LockHeld(), "the killed operator's home lock to be released");
        StartOperator();
        await Eventually.Until(() => File.ReadAllText(_dir.Combine("operator.log")).Contains("adopted running process", StringComparison.Ordinal), "the agent to be adopted");

        var agent = (await _cli.AgentsAsync())["worker"];
        Phase(agent).Should().Be("Running");
        Pid(agent).Should().Be(pid);
        Runs().Should().ContainSingle();
    }

    [Test]
    public async Task SshHostAgent_RepinnedToThisMachine_StoppedOnTheHostThenStartedHere()
    {
        await using var sshd = await SshServer.StartNewAsync();
        WriteHost(sshd);
        var spec = WriteAgent("worker");
        StartOperator();
        var remotePid = Pid(await _cli.WaitForAgentAsync("worker", a => Phase(a) == "Running", "Running on the ssh host"));

        File.WriteAllText(spec, File.ReadAllText(spec).Replace("host: remote", "host: local", StringComparison.Ordinal));
        var here = await _cli.WaitForAgentAsync("worker", a => Phase(a) == "Running" && Pid(a) != remotePid, "Running on this machine");

        Runs().Should().BeEmpty("the run on the ssh host was stopped there");
        HomeProcesses.List(_cli.Home).Should().Contain(p => p.Pid == Pid(here), "the new run is under this operator's home");
    }

    private void WriteHost(SshServer sshd) => File.WriteAllText(Path.Combine(_agents, "remote.yaml"), $"""
        apiVersion: sacoperator.dev/v1alpha1
        kind: Host
        metadata:
          name: remote
        spec:
        {sshd.HostSpecYaml()}
          probeInterval: 300ms
          node:
            command: ["{Repo.Sacop}"]
            home: {_remoteHome}
            observeInterval: 300ms
        """);

    private string WriteAgent(string name)
    {
        var file = Path.Combine(_agents, name + ".yaml");
        File.WriteAllText(file, $"""
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: {name}
            spec:
              runtime: local
              host: remote
              command: ["sh", "-c", "while :; do touch \"$SAC_STATE_DIR/heartbeat.json\"; sleep 1; done"]
            """);
        return file;
    }

    private bool LockHeld()
    {
        try
        {
            using var stream = new FileStream(Path.Combine(_cli.Home, "sacop.lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Agent runs of the remote home: its processes that lead their own session (not the loop's children).</summary>
    private List<HomeProcesses.Entry> Runs() =>
        [.. HomeProcesses.List(_remoteHome).Where(p => ProcStat.Read(p.Pid) is { } stat && stat.Session == p.Pid)];

    private void StartOperator() => _operator = _cli.StartOperator(_agents, _dir.Combine("operator.log"));

    private static string Phase(JsonObject agent) => agent["status"]?["phase"]?.GetValue<string>() ?? "";

    private static int Pid(JsonObject agent) => agent["status"]?["pid"]?.GetValue<int>() ?? 0;
}
