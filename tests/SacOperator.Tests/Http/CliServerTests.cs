using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Tests.Agents;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Http;

/// <summary>
/// The built <c>sacop</c> CLI with <c>--server</c> against a running operator (in-process, real
/// HTTP): the same output as from the state DB, and requests that take effect.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed partial class CliServerTests : IAsyncDisposable
{
    private OperatorHarness _operator = null!;
    private SacopCli _cli = null!;
    private string _server = "";

    [SetUp]
    public async Task StartOperator()
    {
        _operator = await OperatorHarness.StartAsync();
        _cli = new SacopCli(_operator.Home);
        _server = _operator.Url.ToString().TrimEnd('/');
        _operator.WriteSpec("a.yaml", AgentControllerIntegrationTests.Spec("a"));
        _operator.WriteSpec("done.yaml", AgentControllerIntegrationTests.Spec("done", "[\"sh\", \"-c\", \"echo bye >&2; exit 3\"]", restart: "policy: never"));
        await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);
        await _operator.WaitForAgentAsync("done", s => s.Phase == AgentPhases.Failed);
    }

    public async ValueTask DisposeAsync() => await _operator.DisposeAsync();

    [TestCase("get", "agents", "-o", "json")]
    [TestCase("get", "agents", "done", "-o", "yaml")]
    [TestCase("get", "hosts", "-o", "json")]
    [TestCase("events", "-o", "json")]
    [TestCase("events", "done", "-o", "json", "--limit", "3")]
    public async Task Verb_WithServer_PrintsExactlyWhatTheStateDbGives(params string[] args)
    {
        var fromDb = await _cli.RunAsync(args);

        var fromServer = await _cli.RunAsync([.. args, "--server", _server]);

        fromServer.ExitCode.Should().Be(0, fromServer.ToString());
        fromDb.ExitCode.Should().Be(0, fromDb.ToString());
        fromServer.Stdout.Should().NotBeEmpty().And.Be(fromDb.Stdout);
    }

    [TestCase("get", "agents")]
    [TestCase("get", "agents", "-o", "wide")]
    [TestCase("describe", "agent", "done")]
    [TestCase("events", "done")]
    public async Task TableVerb_WithServer_PrintsTheSameTableUpToAges(params string[] args)
    {
        var fromDb = await _cli.RunAsync(args);

        var fromServer = await _cli.RunAsync([.. args, "--server", _server]);

        fromServer.ExitCode.Should().Be(0, fromServer.ToString());
        WithoutAges(fromServer.Stdout).Should().NotBeEmpty().And.Be(WithoutAges(fromDb.Stdout));
    }

    [Test]
    public async Task Restart_WithServer_StartsANewProcess()
    {
        var before = (AgentStatus)_operator.Status.Latest(ResourceKey.Agent("a"))!;

        var result = await _cli.RunAsync("restart", "a", "--server", _server);
        var after = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running && s.Pid != before.Pid);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Be("agent/a restart requested\n");
        result.Stderr.Should().BeEmpty("a server answer is live state, not a stale snapshot");
        after.RestartCount.Should().Be(1);
    }

    [Test]
    public async Task SuspendAndResume_WithServer_FreezeAndThaw()
    {
        var suspend = await _cli.RunAsync("suspend", "a", "--server", _server);
        await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Frozen);
        var resume = await _cli.RunAsync("resume", "a", "--server", _server);
        await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);

        suspend.ExitCode.Should().Be(0, suspend.ToString());
        suspend.Stdout.Should().Be($"agent/a suspended (edited {Path.Combine(_operator.AgentsDir, "a.yaml")})\n");
        resume.ExitCode.Should().Be(0, resume.ToString());
    }

    [Test]
    public async Task StopAndStart_WithServer_StopsThenStartsWithoutCountingARestart()
    {
        var before = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running && s.Pid is not null);

        var stop = await _cli.RunAsync("stop", "a", "--server", _server);
        var stopped = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Stopped && s.Pid is null);
        var start = await _cli.RunAsync("start", "a", "--server", _server);
        var started = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running && s.Pid is not null);

        stop.ExitCode.Should().Be(0, stop.ToString());
        stop.Stdout.Should().Be($"agent/a stopped (edited {Path.Combine(_operator.AgentsDir, "a.yaml")})\n");
        stopped.Reason.Should().Be("StoppedByUser");
        start.ExitCode.Should().Be(0, start.ToString());
        start.Stdout.Should().Be($"agent/a started (edited {Path.Combine(_operator.AgentsDir, "a.yaml")})\n");
        started.Pid.Should().NotBe(before.Pid);
        started.RestartCount.Should().Be(before.RestartCount);
    }

    [Test]
    public async Task UnknownAgent_WithServer_FailsNamingTheServer()
    {
        var restart = await _cli.RunAsync("restart", "nobody", "--server", _server);
        var get = await _cli.RunAsync("get", "agents", "nobody", "--server", _server);

        restart.ExitCode.Should().Be(1);
        restart.Stderr.Should().Contain($"agent 'nobody' is not known to the operator at {_server}");
        get.ExitCode.Should().Be(1);
        get.Stderr.Should().Contain($"Agent 'nobody' not found at {_server}");
    }

    [Test]
    public async Task WrongToken_WithServer_FailsSayingTheTokenWasRefused()
    {
        var tokenFile = _operator.Dir.Write("other-token", new string('x', 43));

        var result = await _cli.RunAsync("get", "agents", "--server", _server, "--token-file", tokenFile);

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain($"refused the token from {tokenFile}");
    }

    [Test]
    public async Task UnreachableServer_FailsSayingSo()
    {
        var result = await _cli.RunAsync("get", "agents", "--server", "127.0.0.1:1");

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("cannot reach the operator at http://127.0.0.1:1");
    }

    private static string WithoutAges(string text) => Age().Replace(text, "<age>");

    [GeneratedRegex(@"\b\d+(ms|[smhd])\b")]
    private static partial Regex Age();
}
