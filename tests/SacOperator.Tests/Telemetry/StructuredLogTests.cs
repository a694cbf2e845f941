using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Telemetry;

/// <summary>
/// The built operator with <c>--log-format json</c>: every log line is a flat JSON object with the
/// reconcile scope, and a secret from an agent's environment shows up in none of what the
/// operator reports: logs, status, events, metrics.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
public sealed class StructuredLogTests : IDisposable
{
    private const string Secret = "s3cr3t-" + "Zq8vW2xK9pL4";
    private readonly TempDirectory _dir = new("jsonlogs");
    private readonly SacopCli _cli;
    private Process? _operator;

    public StructuredLogTests()
    {
        _cli = new SacopCli(_dir.Combine("home"));
    }

    public void Dispose()
    {
        if (_operator is { HasExited: false })
        {
            _operator.Kill();
            _operator.WaitForExit(5000);
        }

        OperatorHarness.KillAgents(_cli.Home);
        _dir.Dispose();
    }

    [Test]
    public async Task JsonLogs_LeakingAgent_AreStructuredAndNothingReportedHoldsTheSecret()
    {
        var agents = _dir.Combine("agents");
        _dir.Write("agents/leaky.yaml", $$"""
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: leaky
            spec:
              runtime: local
              command: ["sh", "-c", "echo \"starting with $API_TOKEN\"; echo \"failed: token $API_TOKEN rejected\" >&2; exit 1"]
              env:
                API_TOKEN: "{{Secret}}"
              restart:
                policy: always
                maxRetries: -1
                backoff:
                  initial: 200ms
                  max: 1s
            """);
        _operator = _cli.StartOperatorSplit(agents, _dir.Combine("stdout.log"), _dir.Combine("stderr.log"), "--log-format", "json", "--log-level", "Debug");
        await Eventually.Until(() => File.Exists(Path.Combine(_cli.Home, "server.url")), "the operator to publish its URL");
        await _cli.WaitForAgentAsync("leaky", a => a["status"]?["phase"]?.GetValue<string>() == "CrashLoopBackOff", "a crash loop, whose message quotes the stderr tail");
        using var http = new HttpProbe(new Uri(File.ReadAllText(Path.Combine(_cli.Home, "server.url")).Trim()));
        var token = File.ReadAllText(Path.Combine(_cli.Home, "token")).Trim();

        var agent = (await http.GetAsync("/api/v1/agents/leaky", token)).Json;
        var events = (await http.GetAsync("/api/v1/events?resource=leaky", token)).Text;
        var metrics = (await http.GetAsync("/metrics")).Text;
        var eventsTable = (await _cli.RunAsync("events", "leaky")).Stdout;
        _operator.Kill();
        await _operator.WaitForExitAsync().WithTimeout();
        var stdout = File.ReadAllText(_dir.Combine("stdout.log"));
        var stderr = File.ReadAllText(_dir.Combine("stderr.log"));

        agent["spec"]!["env"]!["API_TOKEN"]!.GetValue<string>().Should().Be("***", "a secret-named variable's value is masked wherever the spec is shown");
        events.Should().Contain("token [REDACTED] rejected", "the stderr tail in events is redacted, not dropped");
        agent["status"]!["message"]!.GetValue<string>().Should().Contain("token [REDACTED] rejected");
        foreach (var (what, text) in new[] { ("object", agent.ToJsonString()), ("events", events), ("sacop events", eventsTable), ("metrics", metrics), ("log", stdout), ("stderr", stderr) })
        {
            text.Should().NotContain(Secret, $"the {what} must not carry the secret");
        }

        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        lines.Should().NotBeEmpty().And.OnlyContain(l => l.ContainsKey("timestamp") && l.ContainsKey("level") && l.ContainsKey("eventId") && l.ContainsKey("category") && l.ContainsKey("message"));
        var reconcileLine = lines.First(l => l["Name"]?.GetValue<string>() == "leaky" && l["eventId"]!.GetValue<int>() == 3002);
        reconcileLine["Kind"]!.GetValue<string>().Should().Be("Agent");
        reconcileLine["Controller"]!.GetValue<string>().Should().Be("Agent", "the scope names the controller apart from the kind");
        reconcileLine["ReconcileId"]!.GetValueKind().Should().Be(JsonValueKind.Number);
        reconcileLine["level"]!.GetValue<string>().Should().Be("Warning");
        reconcileLine["category"]!.GetValue<string>().Should().Be("SacOperator.Agents.AgentReconciler");
        reconcileLine["Reason"]!.GetValue<string>().Should().Be("Exited");
        DateTimeOffset.Parse(reconcileLine["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).Offset.Should().Be(TimeSpan.Zero);
        stderr.Should().Contain("http: http://127.0.0.1:").And.NotContain("\"timestamp\"", "the banner goes to stderr, the JSON log to stdout");
    }
}
