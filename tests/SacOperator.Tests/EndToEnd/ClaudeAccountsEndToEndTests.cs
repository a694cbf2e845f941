using System.Diagnostics;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.EndToEnd;

/// <summary>
/// An account exhausted as seen from the agent's own stream: the built <c>sacop</c>, the REAL
/// Claude Code binary (skipped with the reason when it is not installed), and the Anthropic Messages
/// API STAND-IN, which rate-limits one key and answers the other (two organisations' keys).
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
public sealed class ClaudeAccountsEndToEndTests : IDisposable
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(90);

    private readonly TempDirectory _dir = new("claude-accounts");
    private readonly string _agents;
    private Process? _operator;
    private SacopCli? _cli;

    public ClaudeAccountsEndToEndTests()
    {
        _agents = _dir.Combine("agents");
        Directory.CreateDirectory(_agents);
    }

    private string Log => _dir.Combine("operator.log");

    public void Dispose()
    {
        if (_operator is { HasExited: false })
        {
            _operator.Kill();
            _operator.WaitForExit(5000);
        }

        OperatorHarness.KillAgents(_dir.Combine("home"));
        OperatorTeardown.PrintLogIfFailed(Log);

        _dir.Dispose();
    }

    [Test]
    public async Task RateLimitedInTheStream_AccountExhaustedFromTheStreamAlone_AgentMovesToThePoolsOtherAccountInTheSameSession()
    {
        // Arrange: two accounts whose quota comes from the agents' streams only; team-a's key is rate-limited.
        var claude = ClaudeCodeBinary.Require();
        await using var api = await AnthropicStandIn.StartAsync(AnthropicStandInMode.RateLimited, DateTimeOffset.UtcNow.AddMinutes(10));
        _cli = new SacopCli(_dir.Combine("home"), new Dictionary<string, string> { ["TEAM_A_KEY"] = api.ApiKey, ["TEAM_B_KEY"] = api.AlternateKey });
        File.WriteAllText(Path.Combine(_agents, "accounts.yaml"), """
            apiVersion: sacoperator.dev/v1alpha1
            kind: Account
            metadata:
              name: team-a
            spec:
              credentials:
                envVar: TEAM_A_KEY
              quota:
                source: stream
              rotateTo: [team-b]
            ---
            apiVersion: sacoperator.dev/v1alpha1
            kind: Account
            metadata:
              name: team-b
            spec:
              credentials:
                envVar: TEAM_B_KEY
              quota:
                source: stream
            """);
        File.WriteAllText(Path.Combine(_agents, "a.yaml"), $"""
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: a
            spec:
              runtime: local
              account: team-a
              claude:
                executable: {claude}
              startupPrompts: ["hello there"]
              env:
                ANTHROPIC_BASE_URL: {api.BaseUrl}
                CLAUDE_CONFIG_DIR: {_dir.Combine("claude-config")}
                CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1"
              terminationGracePeriod: 2s
              restart:
                policy: always
                backoff:
                  initial: 100ms
                  max: 1s
            """);

        // Act
        _operator = _cli.StartOperator(_agents, Log);
        var moved = await _cli.WaitForAgentAsync("a", a => Account(a) == "team-b" && Phase(a) == "Running" && Reason(a) != "RateLimited", "the move to team-b", Slow);
        var reply = await _cli.RunAsync("send", "a", "are you there?", "--wait", "--timeout", "60s");
        var accounts = JsonNode.Parse((await _cli.RunAsync("get", "accounts", "-o", "json")).Stdout)!["items"]!.AsArray();
        var events = await _cli.RunAsync("events", "a");

        // Assert
        var teamA = accounts.Single(i => (string?)i!["metadata"]!["name"] == "team-a")!;
        ((string?)teamA["status"]!["phase"]).Should().Be("Exhausted", "the stream's 429 is the only quota source");
        events.Stdout.Should().Contain("AccountRotated").And.Contain("team-a").And.Contain("team-b");
        ((int?)moved["status"]!["restartCount"]).Should().Be(1);
        File.ReadAllText($"/proc/{(int)moved["status"]!["pid"]!}/cmdline").Replace('\0', ' ').Should().Contain($"--resume {SessionId(moved)}",
            "the move resumes the session the first run created");
        reply.ExitCode.Should().Be(0, reply.ToString());
        reply.Stdout.Trim().Should().Be("echo: are you there?", "team-b's key is answered");
        var surfaces = string.Join("\n", (await _cli.RunAsync("get", "agents", "-o", "json")).Stdout, events.Stdout,
            (await _cli.RunAsync("describe", "agent", "a")).Stdout, File.ReadAllText(Log));
        surfaces.Should().NotContain(api.ApiKey).And.NotContain(api.AlternateKey);
    }

    private static string? Phase(JsonObject agent) => (string?)agent["status"]?["phase"];

    private static string? Reason(JsonObject agent) => (string?)agent["status"]?["reason"];

    private static string? Account(JsonObject agent) => (string?)agent["status"]?["account"];

    private static string? SessionId(JsonObject agent) => (string?)agent["status"]?["session"]?["id"];
}
