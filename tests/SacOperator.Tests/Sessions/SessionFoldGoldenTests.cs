using System.Text.Json;
using System.Text.Json.Serialization;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Sessions;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Sessions;

/// <summary>
/// Stream-json lines folded into a <see cref="SessionState"/> (golden: testdata/sessions; the
/// real captured lines of testdata/claude-stream are folded too).
/// </summary>
[TestFixture]
public sealed class SessionFoldGoldenTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static IEnumerable<TestCaseData> Cases() =>
        new[] { "sessions", "claude-stream" }
            .SelectMany(dir => Directory.GetFiles(Path.Combine(Repo.TestData, dir), "*.jsonl"))
            .Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(f).SetArgDisplayNames(Path.GetFileName(Path.GetDirectoryName(f)) + "/" + Path.GetFileName(f)));

    [TestCaseSource(nameof(Cases))]
    public void Fold_StreamFile_MatchesGolden(string file)
    {
        var lines = File.ReadAllLines(file);

        var state = Fold(lines);

        var name = Path.GetFileNameWithoutExtension(file);
        var prefix = Path.GetFileName(Path.GetDirectoryName(file)) == "sessions" ? "" : "claude-stream-";
        Golden.Check(Path.Combine(Repo.TestData, "sessions"), prefix + name + ".state.json", JsonSerializer.Serialize(state, Json) + "\n");
    }

    [Test]
    public void Fold_TwoRealTurns_CountsTurnsTokensAndCumulativeCost()
    {
        var state = Fold(File.ReadAllLines(Path.Combine(Repo.TestData, "claude-stream", "two-turns.jsonl")));

        state.Turns.Should().Be(2);
        state.CostUsd.Should().Be(0.098524m, "total_cost_usd is cumulative within a session, not added per result");
        state.Tokens.Input.Should().Be(12281 + 12310);
        state.TurnInFlightSince.Should().BeNull();
        state.LastError.Should().BeNull();
    }

    [Test]
    public void Fold_RealKeyRejected_ReportsAuthenticationFailedRetryStreakAndTurnInFlight()
    {
        var state = Fold(File.ReadAllLines(Path.Combine(Repo.TestData, "claude-stream", "key-rejected.jsonl")));

        state.LastError!.Kind.Should().Be("authentication_failed");
        state.LastError.Status.Should().Be(401);
        state.RetryAttempts.Should().BeGreaterThan(0);
        state.TurnInFlightSince.Should().NotBeNull("the process keeps retrying the turn");
    }

    [TestCase("")]
    [TestCase("not json")]
    [TestCase("[1,2]")]
    [TestCase("{\"type\":7}")]
    [TestCase("{\"type\":\"result\",\"usage\":\"x\",\"total_cost_usd\":\"1\"")]
    public void Parse_MalformedLine_ReturnsNullWithoutThrowing(string line)
    {
        StreamEventParser.Parse(line).Should().BeNull();
    }

    [Test]
    public void Parse_FieldsOfUnexpectedKind_ReadAsAbsent()
    {
        var e = StreamEventParser.Parse("{\"type\":\"result\",\"usage\":\"x\",\"total_cost_usd\":\"1\",\"is_error\":\"yes\",\"extra\":{}}");

        e.Should().NotBeNull();
        e!.Usage.Should().BeNull();
        e.TotalCostUsd.Should().BeNull();
        e.IsError.Should().BeFalse();
    }

    [Test]
    public void Fold_SessionIdChanges_CountsChangeAndKeepsCostOfEarlierSession()
    {
        var state = Fold(
        [
            "{\"type\":\"result\",\"session_id\":\"a\",\"total_cost_usd\":1.5}",
            "{\"type\":\"result\",\"session_id\":\"b\",\"total_cost_usd\":0.5}",
        ]);

        state.SessionId.Should().Be("b");
        state.SessionChanges.Should().Be(1);
        state.CostUsd.Should().Be(2.0m);
    }

    [Test]
    public void Fold_LongResultText_IsCut()
    {
        var text = new string('x', SessionFold.ResultTextLimit + 50);

        var state = Fold(["{\"type\":\"result\",\"result\":\"" + text + "\"}"]);

        state.LastResultText!.Length.Should().Be(SessionFold.ResultTextLimit + 1);
    }

    private static SessionState Fold(IEnumerable<string> lines) =>
        lines.Select((line, i) => (line, at: Start.AddSeconds(i)))
            .Aggregate(SessionState.Empty, (s, x) => SessionFold.Apply(s, x.line, x.at));
}
