using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.EndToEnd;

/// <summary>
/// The built <c>sacop</c> with an Account whose quota comes from sac's cache file: an agent whose
/// only account runs out is frozen (stopped, zero restarts) and runs again once the quota returns.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
public sealed class AccountsEndToEndTests : IDisposable
{
    private readonly TempDirectory _dir = new("e2e-accounts");
    private readonly SacopCli _cli;
    private readonly string _agents;
    private readonly string _cache;
    private readonly string _credentials;
    private readonly string _marker = "7" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
    private Process? _operator;

    public AccountsEndToEndTests()
    {
        _cli = new SacopCli(_dir.Combine("home"));
        _agents = _dir.Combine("agents");
        _cache = _dir.Combine("sac", "quota-cache.json");
        _credentials = _dir.Combine("claude-team-a");
        Directory.CreateDirectory(_agents);
        Directory.CreateDirectory(Path.GetDirectoryName(_cache)!);
        Directory.CreateDirectory(_credentials);
    }

    public void Dispose()
    {
        OperatorTeardown.Run(_operator, _cli.Home, _dir.Combine("operator.log"));

        _dir.Dispose();
    }

    [Test]
    public async Task OnlyAccountExhausted_AgentFrozenWithZeroRestarts_RunningAgainWhenTheQuotaReturns()
    {
        WriteCache(fiveHour: 20);
        File.WriteAllText(Path.Combine(_agents, "team-a.yaml"), $"""
            apiVersion: sacoperator.dev/v1alpha1
            kind: Account
            metadata:
              name: team-a
            spec:
              credentials:
                directory: {_credentials}
              quota:
                source: sac-cache
                path: {_cache}
                pollInterval: 2s
            """);
        File.WriteAllText(Path.Combine(_agents, "worker.yaml"), $"""
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: worker
            spec:
              runtime: local
              account: team-a
              command: ["sleep", "{_marker}"]
              restart:
                policy: always
            """);
        _operator = _cli.StartOperator(_agents, _dir.Combine("operator.log"));
        var running = await _cli.WaitForAgentAsync("worker", a => Phase(a) == "Running" && Account(a) == "team-a", "Running on team-a");
        var pid = running["status"]!["pid"]!.GetValue<int>();

        WriteCache(fiveHour: 99);
        var exhaustedAt = Stopwatch.StartNew();
        var frozen = await _cli.WaitForAgentAsync("worker", a => Phase(a) == "Frozen" && a["status"]?["pid"] is null, "Frozen and stopped", TimeSpan.FromSeconds(30));
        exhaustedAt.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30));
        var accounts = await _cli.RunAsync("get", "accounts");
        WriteCache(fiveHour: 5);
        var returnedAt = Stopwatch.StartNew();
        var again = await _cli.WaitForAgentAsync("worker", a => Phase(a) == "Running" && a["status"]?["pid"] is not null, "Running again", TimeSpan.FromSeconds(40));

        frozen["status"]!["reason"]!.GetValue<string>().Should().Be("QuotaExhausted");
        frozen["status"]!["message"]!.GetValue<string>().Should().Contain("team-a is Exhausted").And.Contain("resets at");
        frozen["status"]!["restartCount"]!.GetValue<int>().Should().Be(0);
        accounts.Stdout.Should().MatchRegex(@"(?m)^NAME\s+PHASE\s+5H\s+7D\s+RESETS\s+AGENTS\s+AGE$").And.MatchRegex(@"(?m)^team-a\s+Exhausted\s+99%\s+10%\s");
        returnedAt.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(40));
        again["status"]!["restartCount"]!.GetValue<int>().Should().Be(0, "a freeze and thaw is not a restart");
        again["status"]!["pid"]!.GetValue<int>().Should().NotBe(pid);
        Environment(again["status"]!["pid"]!.GetValue<int>()).Should().Contain($"CLAUDE_CONFIG_DIR={_credentials}", "the run uses the Account's credentials directory");
    }

    [Test]
    public async Task PoolOfTwoAccounts_TokensAndKeys_AppearOnNoSurface()
    {
        var oauthToken = "sk-ant-oat01-" + Guid.NewGuid().ToString("N");
        var apiKey = "sk-ant-api03-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(Path.Combine(_credentials, ".credentials.json"),
            $$"""{"claudeAiOauth": {"accessToken": "{{oauthToken}}", "refreshToken": "{{oauthToken}}-r", "expiresAt": {{DateTimeOffset.UtcNow.AddHours(6).ToUnixTimeMilliseconds()}}, "subscriptionType": "max"} }""");
        var cli = new SacopCli(_cli.Home, new Dictionary<string, string> { ["TEAM_B_KEY"] = apiKey });
        WriteCache(fiveHour: 99);
        File.WriteAllText(Path.Combine(_agents, "accounts.yaml"), $"""
            apiVersion: sacoperator.dev/v1alpha1
            kind: Account
            metadata:
              name: team-a
            spec:
              credentials:
                directory: {_credentials}
              quota:
                source: sac-cache
                path: {_cache}
                pollInterval: 2s
            ---
            apiVersion: sacoperator.dev/v1alpha1
            kind: Account
            metadata:
              name: team-b
            spec:
              credentials:
                envVar: TEAM_B_KEY
            """);
        File.WriteAllText(Path.Combine(_agents, "worker.yaml"), $"""
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: worker
            spec:
              runtime: local
              accounts: [team-a, team-b]
              command: ["sh", "-c", "env > \"$SAC_STATE_DIR/env.txt\"; exec sleep {_marker}"]
            """);
        _operator = cli.StartOperator(_agents, _dir.Combine("operator.log"));
        var agent = await cli.WaitForAgentAsync("worker", a => Phase(a) == "Running" && Account(a) == "team-b", "Running on team-b (team-a is exhausted)");
        var envFile = Path.Combine(_cli.Home, "runtime", "worker", "env.txt");
        await Eventually.Until(() => File.Exists(envFile) && File.ReadAllText(envFile).Contains("SAC_AGENT_NAME", StringComparison.Ordinal), "the agent to dump its environment");
        await Eventually.Until(async () => (await cli.RunAsync("get", "accounts")).Stdout.Contains("worker", StringComparison.Ordinal), "team-b to list its agent");

        var outputs = new Dictionary<string, string>();
        string[][] verbs =
        [
            ["get", "accounts"], ["get", "accounts", "-o", "json"], ["get", "accounts", "-o", "yaml"], ["describe", "account", "team-a"], ["describe", "account", "team-b"],
            ["get", "agents", "-o", "json"], ["get", "agents", "-o", "wide"], ["describe", "agent", "worker"], ["events"], ["events", "-o", "json"],
        ];
        foreach (var args in verbs)
        {
            var result = await cli.RunAsync(args);
            result.ExitCode.Should().Be(0, result.ToString());
            outputs[string.Join(' ', args)] = result.Stdout + result.Stderr;
        }

        var server = new Uri(File.ReadAllText(Path.Combine(_cli.Home, "server.url")).Trim());
        var token = File.ReadAllText(Path.Combine(_cli.Home, "token")).Trim();
        using var http = new HttpProbe(server);
        foreach (var path in new[] { "/api/v1/accounts", "/api/v1/accounts/team-a", "/api/v1/agents/worker", "/api/v1/events", "/metrics" })
        {
            var answer = await http.GetAsync(path, token);
            ((int)answer.Status).Should().Be(200, $"{path}: {answer}");
            outputs[path] = answer.Text;
        }

        outputs["operator log"] = File.ReadAllText(_dir.Combine("operator.log"));
        foreach (var file in Directory.EnumerateFiles(_cli.Home, "state.db*"))
        {
            outputs[file] = Encoding.Latin1.GetString(File.ReadAllBytes(file));
        }

        outputs["agent argv"] = File.ReadAllText($"/proc/{agent["status"]!["pid"]!.GetValue<int>()}/cmdline");

        File.ReadAllText(envFile).Should().Contain($"ANTHROPIC_API_KEY={apiKey}\n", "the agent runs on team-b's key");
        outputs["/metrics"].Should().Contain("sac_account_quota_used_ratio{account=\"team-a\",window=\"5h\"} 0.99");
        outputs["describe account team-a"].Should().Contain("5-hour:       99% used");
        foreach (var (surface, text) in outputs)
        {
            text.Should().NotContain(oauthToken, surface).And.NotContain(apiKey, surface);
        }
    }

    private void WriteCache(double fiveHour)
    {
        var now = DateTimeOffset.UtcNow;
        var text = $$"""
            {"written_at": "{{Iso(now)}}", "accounts": {"team-a": {"short": "team", "h5": {{fiveHour.ToString(CultureInfo.InvariantCulture)}}, "d7": 10, "ttl_h": 4, "reset_at_5h": "{{Iso(now.AddHours(3))}}" } } }
            """;
        File.WriteAllText(_cache + ".tmp", text);
        File.Move(_cache + ".tmp", _cache, overwrite: true);
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Phase(JsonObject agent) => agent["status"]?["phase"]?.GetValue<string>() ?? "";

    private static string Account(JsonObject agent) => agent["status"]?["account"]?.GetValue<string>() ?? "";

    private static string Environment(int pid) => File.ReadAllText($"/proc/{pid}/environ").Replace('\0', '\n');
}
