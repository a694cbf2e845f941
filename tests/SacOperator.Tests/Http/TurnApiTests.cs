using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Tests.Agents;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Http;

/// <summary>
/// <c>POST /api/v1/agents/{name}/turns</c> and <c>sacop send</c> against an operator (in-process,
/// real HTTP on loopback) running a stand-in for Claude Code (tests/standins/claude-standin) that
/// answers each stream-json line on its stdin FIFO with a result echoing it.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class TurnApiTests : IAsyncDisposable
{
    private OperatorHarness _operator = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task StartOperator()
    {
        _operator = await OperatorHarness.StartAsync();
        _http = new HttpClient { BaseAddress = _operator.Url };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _operator.Token);
        _operator.WriteSpec("a.yaml", $"""
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: a
            spec:
              runtime: local
              claude:
                executable: claude-standin
              terminationGracePeriod: 2s
            """);
        _operator.WriteSpec("done.yaml", AgentControllerIntegrationTests.Spec("done", "[\"sh\", \"-c\", \"exit 3\"]", restart: "policy: never"));
        await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);
        await _operator.WaitForAgentAsync("done", s => s.Phase == AgentPhases.Failed);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _operator.DisposeAsync();
    }

    [Test]
    public async Task SendCli_WithWait_PrintsTheStandInsReply()
    {
        var cli = new SacopCli(_operator.Home);

        var result = await cli.RunAsync("send", "a", "hello there", "--wait", "--timeout", "30s");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Trim().Should().Be("echo: hello there");
    }

    [Test]
    public async Task SendCli_WithWaitAndJson_PrintsTheWholeResultEvent()
    {
        var cli = new SacopCli(_operator.Home);

        var result = await cli.RunAsync("send", "a", "hi", "--wait", "-o", "json", "--server", _operator.Url.ToString());

        result.ExitCode.Should().Be(0, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!.AsObject();
        json["type"]!.GetValue<string>().Should().Be("result");
        json["result"]!.GetValue<string>().Should().Be("echo: hi");
    }

    [Test]
    public async Task Turns_TwoConcurrentSenders_EachGetsItsOwnReply_OneTurnAtATime()
    {
        var first = PostAsync("a", "first", "wait=true&timeout=30s");
        var second = PostAsync("a", "second", "wait=true&timeout=30s");

        var answers = await Task.WhenAll(first, second);

        answers.Select(a => a.Status).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        answers[0].Body["text"]!.GetValue<string>().Should().Be("echo: first");
        answers[1].Body["text"]!.GetValue<string>().Should().Be("echo: second");
        var session = File.ReadAllLines(Path.Combine(_operator.Home, "runtime", "a", "session.jsonl")).Where(l => l.Contains("\"type\":\"result\"")).ToList();
        session.Should().HaveCount(2);
    }

    [Test]
    public async Task Turns_AgentNotRunning_Answers409WithItsPhase()
    {
        var answer = await PostAsync("done", "anyone?", "wait=true");

        answer.Status.Should().Be(HttpStatusCode.Conflict);
        answer.Body["phase"]!.GetValue<string>().Should().Be(AgentPhases.Failed);
        answer.Body["reason"]!.GetValue<string>().Should().Contain("not running");
    }

    [Test]
    public async Task Turns_NoResultInTime_Answers504()
    {
        var answer = await PostAsync("a", "no-reply for this one", "wait=true&timeout=1s");

        answer.Status.Should().Be(HttpStatusCode.GatewayTimeout);
        answer.Body["error"]!.GetValue<string>().Should().Be("Timeout");
    }

    [Test]
    public async Task Turns_WithoutWait_Answers202_AndTheNextWaiterGetsItsOwnReply()
    {
        var enqueued = await PostAsync("a", "fire and forget", "");
        var waited = await PostAsync("a", "and this", "wait=true&timeout=30s");

        enqueued.Status.Should().Be(HttpStatusCode.Accepted);
        waited.Body["text"]!.GetValue<string>().Should().Be("echo: and this");
    }

    [Test]
    public async Task LogsCli_AfterATurn_RendersTheTranscript_AndJsonPassesRawLines()
    {
        var cli = new SacopCli(_operator.Home);
        await PostAsync("a", "ping", "wait=true&timeout=30s");

        var rendered = await cli.RunAsync("logs", "a");
        var raw = await cli.RunAsync("logs", "a", "-o", "json");

        rendered.Stdout.Should().Contain("assistant: echo: ping").And.Contain("result (success, 1 turns): echo: ping").And.NotContain("{\"type\"");
        raw.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().OnlyContain(l => l.StartsWith("{\"type\":"));
    }

    [Test]
    public async Task Turns_EmptyText_Answers400()
    {
        var answer = await PostAsync("a", "", "");

        answer.Status.Should().Be(HttpStatusCode.BadRequest);
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string agent, string text, string query)
    {
        var body = new JsonObject { ["text"] = text }.ToJsonString();
        using var response = await _http.PostAsync($"api/v1/agents/{agent}/turns?{query}", new StringContent(body, Encoding.UTF8, "application/json")).WithTimeout();
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
