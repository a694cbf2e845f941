using System.Diagnostics;
using System.Globalization;
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
        if (_operator is { HasExited: false })
        {
            _operator.Kill();
            _operator.WaitForExit(5000);
        }

        OperatorHarness.KillAgents(_cli.Home);
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed && File.Exists(_dir.Combine("operator.log")))
        {
            TestContext.Out.WriteLine("operator log:\n" + File.ReadAllText(_dir.Combine("operator.log")));
        }

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
