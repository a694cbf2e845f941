using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.ClaudeCode;

/// <summary>
/// Keeps testdata/claude-stream/ (real stream-json lines of the real binary against the Anthropic API stand-in, used by
/// stream parser tests) true to the installed binary: each run captures the scenario afresh and compares its shape
/// (event types, subtypes and field names) with the fixture. <c>UPDATE_GOLDEN=1</c> rewrites the fixtures from the capture.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ClaudeCodeStreamFixtureTests
{
    [Test]
    public async Task Fixture_TwoTurns_MatchesTheInstalledBinary()
    {
        var lines = await CaptureAsync(AnthropicStandInMode.Normal, ["first turn", "second turn"], e => IsResult(e));

        CheckFixture("two-turns.jsonl", lines);
    }

    [Test]
    public async Task Fixture_RateLimited_MatchesTheInstalledBinary()
    {
        var lines = await CaptureAsync(AnthropicStandInMode.RateLimited, ["hello"], e => IsResult(e));

        CheckFixture("rate-limited.jsonl", lines);
    }

    [Test]
    public async Task Fixture_RateLimitedShortRetryAfter_MatchesTheInstalledBinary()
    {
        var lines = await CaptureAsync(AnthropicStandInMode.RateLimited, ["hello"], IsApiRetry, DateTimeOffset.UtcNow.AddSeconds(30));

        CheckFixture("rate-limited-retry.jsonl", lines);
    }

    [Test]
    public async Task Fixture_KeyRejected_MatchesTheInstalledBinary()
    {
        var lines = await CaptureAsync(AnthropicStandInMode.Unauthorized, ["hello"], IsApiRetry);

        CheckFixture("key-rejected.jsonl", lines);
    }

    [Test]
    public async Task Fixture_Overloaded_MatchesTheInstalledBinary()
    {
        var lines = await CaptureAsync(AnthropicStandInMode.Overloaded, ["hello"], IsApiRetry);

        CheckFixture("overloaded.jsonl", lines);
    }

    private static bool IsResult(JsonNode e) => (string?)e["type"] == "result";

    private static bool IsApiRetry(JsonNode e) => (string?)e["type"] == "system" && (string?)e["subtype"] == "api_retry";

    /// <summary>Runs the real binary, sending each prompt and awaiting the event matching <paramref name="last"/>; returns its stdout lines.</summary>
    private static async Task<List<string>> CaptureAsync(AnthropicStandInMode mode, string[] prompts, Func<JsonNode, bool> last, DateTimeOffset? rateLimitReset = null)
    {
        var claude = ClaudeCodeBinary.Require();
        await using var api = await AnthropicStandIn.StartAsync(mode, rateLimitReset);
        using var dir = new TempDirectory("claude");
        await using var agent = ClaudeCodeProcess.Start(claude, api, dir);
        foreach (var prompt in prompts)
        {
            await agent.SendAsync(prompt);
            await agent.NextAsync(last, TimeSpan.FromSeconds(60));
        }

        var lines = agent.Lines.Select(l => l.Replace(dir.Path, "/tmp/sacop-claude-fixture", StringComparison.Ordinal)).ToList();
        string.Join("\n", lines).Should().NotContain(api.ApiKey);
        return lines;
    }

    private static void CheckFixture(string name, List<string> lines)
    {
        var source = Path.Combine(Repo.Root, "tests", "SacOperator.Tests", "testdata", "claude-stream", name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(source, string.Join("\n", lines) + "\n");
            Assert.Warn($"fixture {source} rewritten from the real binary");
            return;
        }

        File.Exists(source).Should().BeTrue($"{source} is missing; run with UPDATE_GOLDEN=1 to capture it");
        var stored = File.ReadAllLines(source).Where(l => l.Length > 0).ToList();
        Shape(lines).Should().Equal(Shape(stored), $"the installed binary's stream no longer matches {name}; rerun with UPDATE_GOLDEN=1 and review");
    }

    /// <summary>"type/subtype: sorted field names" per line: what parsers depend on, without ids, timings or text.</summary>
    private static List<string> Shape(IEnumerable<string> lines) =>
        [.. lines.Select(l => JsonNode.Parse(l)!.AsObject())
            .Select(o => $"{o["type"]}/{o["subtype"]}: {string.Join(",", o.Select(p => p.Key).Order(StringComparer.Ordinal))}")];
}
