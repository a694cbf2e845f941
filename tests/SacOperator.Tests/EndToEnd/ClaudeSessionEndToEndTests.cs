using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.EndToEnd;

/// <summary>
/// The operator reading Claude Code's own stream, end to end: the built <c>sacop</c>, the REAL
/// Claude Code binary (skipped with the reason when it is not installed), and the Anthropic Messages
/// API STAND-IN on loopback with a dummy key. Every test also checks that the key appears in no output.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
public sealed class ClaudeSessionEndToEndTests : IDisposable
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _dir = new("claude-e2e");
    private readonly SacopCli _cli;
    private readonly string _agents;
    private Process? _operator;

    public ClaudeSessionEndToEndTests()
    {
        _cli = new SacopCli(_dir.Combine("home"));
        _agents = _dir.Combine("agents");
        Directory.CreateDirectory(_agents);
    }

    private string Log => _dir.Combine("operator.log");

    private string SessionFile(string name) => Path.Combine(_cli.Home, "runtime", name, "session.jsonl");

    public void Dispose()
    {
        KillOperator();
        OperatorHarness.KillAgents(_cli.Home);
        OperatorTeardown.PrintLogIfFailed(Log);

        _dir.Dispose();
    }

    [Test]
    public async Task StartupPrompt_RealClaudeCode_IsAnsweredInLogsAndCountedInStatusDescribeAndMetrics()
    {
        var claude = ClaudeCodeBinary.Require();
        await using var api = await AnthropicStandIn.StartAsync();
        _operator = _cli.StartOperator(_agents, Log);
        WriteAgent("a", claude, api);

        var agent = await _cli.WaitForAgentAsync("a", a => Turns(a) >= 1, "the startup prompt's turn in status.session", Slow);
        var logs = await _cli.RunAsync("logs", "a");
        var describe = await _cli.RunAsync("describe", "agent", "a");
        var metrics = await MetricsAsync();

        logs.Stdout.Should().Contain("echo: hello there", "the stand-in echoes the prompt: " + logs);
        var session = agent["status"]!["session"]!;
        ((string?)session["id"]).Should().NotBeNullOrEmpty();
        ((long?)session["tokens"]!["output"]).Should().BeGreaterThan(0);
        describe.Stdout.Should().Contain("Session:").And.Contain("Turns:      1");
        metrics.Should().Contain("sac_agent_turns_total{agent=\"a\"} 1")
            .And.Contain("sac_agent_stalled{agent=\"a\"} 0")
            .And.Contain("sac_agent_api_errors_total{agent=\"a\",error=\"authentication_failed\"} 0")
            .And.Contain("sac_agent_last_turn_timestamp_seconds{agent=\"a\"}");
        await AssertKeyNowhereAsync(api, "a");
    }

    [Test]
    public async Task KeyRejected_Http401Storm_AuthenticationFailedWithin30SecondsAndNoRestart()
    {
        var claude = ClaudeCodeBinary.Require();
        await using var api = await AnthropicStandIn.StartAsync(AnthropicStandInMode.Unauthorized);
        _operator = _cli.StartOperator(_agents, Log);
        WriteAgent("a", claude, api);
        var running = await _cli.WaitForAgentAsync("a", a => Phase(a) == "Running", "Running", Slow);

        var failed = await _cli.WaitForAgentAsync("a", a => Reason(a) == "AuthenticationFailed", "AuthenticationFailed", TimeSpan.FromSeconds(30));
        var events = await _cli.RunAsync("events", "a");

        Phase(failed).Should().Be("Failed");
        ((string?)failed["status"]!["message"]).Should().Contain("log in again");
        ((int?)failed["status"]!["restartCount"]).Should().Be(0, "restarting cannot fix a credential");
        ((int?)failed["status"]!["pid"]).Should().Be((int?)running["status"]!["pid"], "the process was left alone");
        Condition(failed, "Healthy")!["status"]!.GetValue<string>().Should().Be("False");
        events.Stdout.Should().Contain("AuthenticationFailed");
        (await MetricsAsync()).Should().MatchRegex("sac_agent_api_errors_total\\{agent=\"a\",error=\"authentication_failed\"\\} [1-9]");
        await AssertKeyNowhereAsync(api, "a");
    }

    [Test]
    public async Task RateLimited_Http429EndingTheTurn_ReasonRateLimitedWithoutRestart()
    {
        var claude = ClaudeCodeBinary.Require();
        await using var api = await AnthropicStandIn.StartAsync(AnthropicStandInMode.RateLimited);
        _operator = _cli.StartOperator(_agents, Log);
        WriteAgent("a", claude, api);

        var limited = await _cli.WaitForAgentAsync("a", a => Reason(a) == "RateLimited", "RateLimited", Slow);

        ((string?)limited["status"]!["message"]).Should().Contain("429");
        ((int?)limited["status"]!["restartCount"]).Should().Be(0);
        ((string?)limited["status"]!["session"]!["lastError"]).Should().StartWith("rate_limit");
        await AssertKeyNowhereAsync(api, "a");
    }

    [Test]
    public async Task HangMidMessage_TurnStalls_InterruptedThenRestartedResumingTheSameSession()
    {
        var claude = ClaudeCodeBinary.Require();
        await using var api = await AnthropicStandIn.StartAsync(AnthropicStandInMode.HangMidMessage);
        _operator = _cli.StartOperator(_agents, Log);
        WriteAgent("a", claude, api, stallTimeout: "3s");
        await api.Hanging.WithTimeout(Slow);

        // Claude Code exits on SIGINT, so Stalled may last only until the exit: the events tell it.
        var hanging = await _cli.WaitForAgentAsync("a", a => a["status"]?["session"]?["id"] is not null, "the hanging turn's session id", Slow);
        var sessionId = (string?)hanging["status"]!["session"]!["id"];
        var restarted = await _cli.WaitForAgentAsync("a", a => (int?)a["status"]!["restartCount"] >= 1 && Phase(a) == "Running", "a restart", Slow);
        var events = await _cli.RunAsync("events", "a");
        var argv = await File.ReadAllTextAsync($"/proc/{(int)restarted["status"]!["pid"]!}/cmdline");

        events.Stdout.Should().Contain("Stalled").And.Contain("SIGINT", "the stalled turn is interrupted first: " + events.Stdout);
        sessionId.Should().NotBeNullOrEmpty();
        argv.Split('\0').Should().ContainInConsecutiveOrder("--resume", sessionId!);
        await AssertKeyNowhereAsync(api, "a");
    }

    [Test]
    public async Task OperatorKilledMidTurn_StreamFollowedOn_TurnsCountedOnceAndNoSecondProcess()
    {
        var claude = ClaudeCodeBinary.Require();
        await using var api = await AnthropicStandIn.StartAsync();
        _operator = _cli.StartOperator(_agents, Log);
        WriteAgent("a", claude, api);
        var first = await _cli.WaitForAgentAsync("a", a => Turns(a) >= 1, "the first turn", Slow);

        var sent = await _cli.RunAsync("send", "a", "second turn", "--wait", "--timeout", "60s");
        await _cli.RunAsync("send", "a", "third turn");
        KillOperator();
        _operator = _cli.StartOperator(_agents, Log);
        var after = await _cli.WaitForAgentAsync("a", a => Turns(a) >= 3, "all three turns counted", Slow);
        var results = (await File.ReadAllLinesAsync(SessionFile("a"))).Count(l => l.Contains("\"type\":\"result\"", StringComparison.Ordinal));

        sent.ExitCode.Should().Be(0, sent.ToString());
        results.Should().Be(3);
        Turns(after).Should().Be(results, "a turn read before the kill and again after it is counted once");
        ((int?)after["status"]!["pid"]).Should().Be((int?)first["status"]!["pid"], "the running agent was adopted, not started a second time");
        ((int?)after["status"]!["restartCount"]).Should().Be(0);
        (await MetricsAsync()).Should().Contain("sac_agent_turns_total{agent=\"a\"} 3");
        await AssertKeyNowhereAsync(api, "a");
    }

    private void WriteAgent(string name, string claude, AnthropicStandIn api, string stallTimeout = "10m")
    {
        var keyFile = _dir.Combine("anthropic-key");
        File.WriteAllText(keyFile, api.ApiKey);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(Path.Combine(_agents, name + ".yaml"), $"""
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: {name}
            spec:
              runtime: local
              claude:
                executable: {claude}
              startupPrompts: ["hello there"]
              env:
                ANTHROPIC_BASE_URL: {api.BaseUrl}
                ANTHROPIC_API_KEY:
                  valueFrom:
                    file: {keyFile}
                CLAUDE_CONFIG_DIR: {_dir.Combine("claude-config-" + name)}
                CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1"
              terminationGracePeriod: 2s
              health:
                stallTimeout: {stallTimeout}
              restart:
                policy: always
                backoff:
                  initial: 100ms
                  max: 1s
            """);
    }

    private void KillOperator()
    {
        if (_operator is { HasExited: false })
        {
            _operator.Kill();
            _operator.WaitForExit(5000);
        }
    }

    private async Task<string> MetricsAsync()
    {
        // After a kill -9 the file still names the dead operator's port until the new one listens.
        var answer = await Eventually.Until<HttpProbe.Answer?>(TryMetricsAsync, a => a is not null, "the operator's /metrics to answer");
        answer!.Status.Should().Be(HttpStatusCode.OK);
        return answer.Text;
    }

    private async Task<HttpProbe.Answer?> TryMetricsAsync()
    {
        var file = Path.Combine(_cli.Home, "server.url");
        var url = File.Exists(file) ? File.ReadAllText(file).Trim() : "";
        if (url.Length == 0)
        {
            return null;
        }

        using var http = new HttpProbe(new Uri(url));
        try
        {
            return await http.GetAsync("/metrics", File.ReadAllText(Path.Combine(_cli.Home, "token")).Trim());
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The dummy key is in no output: CLI verbs, metrics, the operator's log, the state DB.</summary>
    private async Task AssertKeyNowhereAsync(AnthropicStandIn api, string name)
    {
        var outputs = new List<string>
        {
            (await _cli.RunAsync("get", "agents", "-o", "json")).ToString(),
            (await _cli.RunAsync("describe", "agent", name)).ToString(),
            (await _cli.RunAsync("events", name)).ToString(),
            (await _cli.RunAsync("logs", name)).ToString(),
            await MetricsAsync(),
            File.ReadAllText(Log),
        };
        foreach (var db in Directory.EnumerateFiles(_cli.Home, "state.db*"))
        {
            using var stream = new FileStream(db, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            outputs.Add(await reader.ReadToEndAsync());
        }

        outputs.Should().NotContain(o => o.Contains(api.ApiKey, StringComparison.Ordinal));
    }

    private static long Turns(JsonObject agent) => (long?)agent["status"]?["session"]?["turns"] ?? 0;

    private static string? Phase(JsonObject agent) => (string?)agent["status"]?["phase"];

    private static string? Reason(JsonObject agent) => (string?)agent["status"]?["reason"];

    private static JsonNode? Condition(JsonObject agent, string type) =>
        agent["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c?["type"] == type);
}
