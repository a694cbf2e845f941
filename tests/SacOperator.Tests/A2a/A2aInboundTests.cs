using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Operator.A2a;
using SacOperator.State;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.A2a;

/// <summary>
/// sac's per-agent A2A inbound (<c>POST /v1/turn</c> on a loopback port) served by an operator
/// (in-process, real HTTP on loopback) for agents run by the Claude Code stand-in
/// (tests/standins/claude-standin), which answers each turn with a result echoing it.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class A2aInboundTests : IAsyncDisposable
{
    private static readonly ResourceKey A = ResourceKey.Agent("a");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private OperatorHarness? _operator;

    public static string Spec(string name, string a2a, string extra = "") => $"""
        apiVersion: sacoperator.dev/v1alpha1
        kind: Agent
        metadata:
          name: {name}
          labels:
            description: echoes what it is told
            skills: echo, repeat
        spec:
          runtime: local
          claude:
            executable: claude-standin
          terminationGracePeriod: 2s
          a2a: {a2a}
        {extra}
        """;

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_operator is not null)
        {
            await _operator.DisposeAsync();
        }
    }

    [Test]
    public async Task PostTurn_RunningAgent_AnswersWithSacsShape_TextSessionIdAndTimeout()
    {
        var port = await StartAsync(Spec("a", "{port: auto}"));

        var (status, body) = await PostAsync(port, "/v1/turn", """{"text": "hello over a2a"}""");

        status.Should().Be(HttpStatusCode.OK, body.ToJsonString());
        body["text"]!.GetValue<string>().Should().Be("echo: hello over a2a");
        body["session_id"]!.GetValue<string>().Should().Be(_operator!.Services.GetRequiredService<StateStore>().GetAgent(A)!.SessionId);
        body["exit_after"]!.GetValue<bool>().Should().BeFalse();
        body["metadata"]!["timeout_s"]!.GetValue<double>().Should().Be(120);
        new A2aPortRange(19000, 19999).Contains(port).Should().BeTrue("auto takes a port from sac's range");
    }

    [Test]
    public async Task PostTurn_AgentPathsWithItsNameOrAnother_AnswerOr404()
    {
        var port = await StartAsync(Spec("a", "{port: auto}"));

        var own = await PostAsync(port, "/agents/a/turn", """{"text": "by name"}""");
        var other = await PostAsync(port, "/agents/b/turn", """{"text": "wrong door"}""");

        own.Status.Should().Be(HttpStatusCode.OK);
        own.Body["text"]!.GetValue<string>().Should().Be("echo: by name");
        other.Status.Should().Be(HttpStatusCode.NotFound);
        other.Body["error"]!.GetValue<string>().Should().Contain("'a'").And.Contain("'b'");
    }

    [TestCase("""{"prompt": "old key"}""", "\"text\", not \"prompt\"")]
    [TestCase("""{"text": "   "}""", "not blank")]
    [TestCase("""{"text": 5}""", "not blank")]
    [TestCase("""not json""", "not JSON")]
    [TestCase("""["text"]""", "JSON object")]
    [TestCase("""{"text": "hi", "exit_after": "yes"}""", "exit_after")]
    public async Task PostTurn_BadBody_Answers400WithTheReason_AndSendsNothing(string json, string reason)
    {
        var port = await StartAsync(Spec("a", "{port: auto}"));

        var (status, body) = await PostAsync(port, "/v1/turn", json);

        status.Should().Be(HttpStatusCode.BadRequest);
        body["error"]!.GetValue<string>().Should().Contain(reason);
        File.ReadAllText(Path.Combine(_operator!.Home, "runtime", "a", "session.jsonl")).Should().NotContain("\"type\":\"result\"");
    }

    [Test]
    public async Task HealthAndCard_AnswerFromTheSpec()
    {
        var port = await StartAsync(Spec("a", "{port: auto}"));

        var health = JsonNode.Parse(await _http.GetStringAsync($"http://127.0.0.1:{port}/health"))!;
        var card = JsonNode.Parse(await _http.GetStringAsync($"http://localhost:{port}/.well-known/agent-card.json"))!;

        health["status"]!.GetValue<string>().Should().Be("ok");
        card["name"]!.GetValue<string>().Should().Be("a");
        card["description"]!.GetValue<string>().Should().Be("echoes what it is told");
        card["skills"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).Should().Equal("echo", "repeat");
        card["url"]!.GetValue<string>().Should().Be($"http://localhost:{port}/");
    }

    [Test]
    public async Task PostTurn_StoppedAgent_Answers503WithItsPhase()
    {
        var port = await StartAsync(Spec("a", "{port: auto}", "  stopped: true"), AgentPhases.Stopped);

        var (status, body) = await PostAsync(port, "/v1/turn", """{"text": "anyone?"}""");

        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        body["phase"]!.GetValue<string>().Should().Be(AgentPhases.Stopped);
    }

    [Test]
    public async Task PostTurn_NoResultInTime_Answers504WithTheTimeoutAndSessionId()
    {
        var port = await StartAsync(Spec("a", "{port: auto}"), configure: o => o with { A2aTurnTimeout = TimeSpan.FromSeconds(1) });

        var (status, body) = await PostAsync(port, "/v1/turn", """{"text": "no-reply for this one"}""");

        status.Should().Be(HttpStatusCode.GatewayTimeout);
        body["timeout_s"]!.GetValue<double>().Should().Be(1);
        body["session_id"]!.GetValue<string>().Should().NotBeNullOrEmpty();
    }

    [Test]
    public async Task PostTurn_ExitAfter_AnswersThenStopsTheAgentInItsSpecFile()
    {
        var port = await StartAsync(Spec("a", "{port: auto}"));

        var (status, body) = await PostAsync(port, "/v1/turn", """{"text": "last one", "exit_after": true}""");
        await _operator!.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Stopped);

        status.Should().Be(HttpStatusCode.OK);
        body["text"]!.GetValue<string>().Should().Be("echo: last one");
        body["exit_after"]!.GetValue<bool>().Should().BeTrue();
        File.ReadAllText(Path.Combine(_operator.AgentsDir, "a.yaml")).Should().Contain("stopped: true");
    }

    [Test]
    public async Task AutoPort_KeptAcrossAnOperatorRestart()
    {
        var dir = new TempDirectory("operator");
        var first = await StartAsync(Spec("a", "{port: auto}"), dir: dir);
        await _operator!.StopOperatorAsync();
        await _operator.DisposeAsync();
        _operator = null;

        var second = await StartAsync(Spec("a", "{port: auto}"), dir: dir);

        second.Should().Be(first);
        (await PostAsync(second, "/v1/turn", """{"text": "still here"}""")).Status.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task PinnedPortTakenByAnotherAgent_IsAWarningEvent_AndTheFirstKeepsIt()
    {
        var port = FreePort();
        var served = await StartAsync(Spec("a", $"{{port: {port}}}"));
        _operator!.WriteSpec("b.yaml", Spec("b", $"{{port: {port}}}"));

        var events = await Eventually.Until(() => _operator.Events("b"), e => e.Any(x => x.Reason == "A2APortUnavailable"), "b's port event");

        served.Should().Be(port);
        events.Single(e => e.Reason == "A2APortUnavailable").Message.Should().Contain($"port {port} is already the A2A inbound of agent/a");
        (await PostAsync(port, "/v1/turn", """{"text": "still a"}""")).Status.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task A2aRemovedFromTheSpec_ClosesThePort_AndTheAgentKeepsRunning()
    {
        var port = await StartAsync(Spec("a", "{port: auto}"));
        var pid = (await _operator!.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running)).Pid;
        var inbound = _operator.Services.GetRequiredService<A2aInbound>();

        _operator.WriteSpec("a.yaml", Spec("a", "null"));
        await Eventually.Until(() => inbound.PortOf(A), p => p is null, "the inbound to close");

        var refused = async () => await _http.GetAsync($"http://127.0.0.1:{port}/health");
        await refused.Should().ThrowAsync<HttpRequestException>();
        (await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running)).Pid.Should().Be(pid, "a2a is not part of the process");
    }

    private async Task<int> StartAsync(string spec, string phase = AgentPhases.Running, TempDirectory? dir = null,
        Func<Operator.Hosting.OperatorOptions, Operator.Hosting.OperatorOptions>? configure = null)
    {
        _operator = dir is null ? await OperatorHarness.StartAsync(configure) : await OperatorHarness.StartAsync(dir, configure);
        _operator.WriteSpec("a.yaml", spec);
        await _operator.WaitForAgentAsync("a", s => s.Phase == phase);
        var inbound = _operator.Services.GetRequiredService<A2aInbound>();
        return (await Eventually.Until(() => inbound.PortOf(A), p => p is not null, "agent a's A2A port"))!.Value;
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(int port, string path, string json)
    {
        using var response = await _http.PostAsync($"http://127.0.0.1:{port}{path}", new StringContent(json, Encoding.UTF8, "application/json")).WithTimeout();
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
