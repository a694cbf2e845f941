using System.Diagnostics.Metrics;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Telemetry;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Telemetry;

/// <summary>The exposition writer over the real OpenTelemetry SDK path: goldens and the format's rules one by one.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class PrometheusTextTests : IDisposable
{
    private readonly Meter _meter = new($"test.exposition.{Guid.NewGuid():N}");
    private readonly MetricsProbe _probe;

    public PrometheusTextTests()
    {
        _probe = new MetricsProbe(_meter);
    }

    public void Dispose()
    {
        _probe.Dispose();
        _meter.Dispose();
    }

    [Test]
    public void Write_EveryInstrumentKind_MatchesGolden()
    {
        var requests = _meter.CreateCounter<long>("test_requests_total", description: "Requests by path and code.");
        var events = _meter.CreateCounter<long>("test_events", description: "A counter named without _total.");
        var latency = _meter.CreateHistogram<double>("test_latency_seconds", "s", "Latency.\nSecond line with a \\ backslash.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        _meter.CreateObservableGauge("test_temperature_celsius", () => 21.5, description: "A double gauge.");
        var inflight = _meter.CreateUpDownCounter<int>("test_inflight", description: "An up-down counter is a gauge.");
        var dotted = _meter.CreateCounter<double>("test.dotted-name_total", description: "Invalid characters become underscores.");
        _meter.CreateCounter<long>("test_never_used_total", description: "No measurement: no family.");

        requests.Add(3, new("path", "/a\"b\\c\nd"), new("code", 200));
        requests.Add(1, new("path", "/"), new("code", 404));
        events.Add(2);
        foreach (var value in new[] { 0.05, 0.5, 0.5, 5 })
        {
            latency.Record(value, new KeyValuePair<string, object?>("kind", "Agent"));
        }

        inflight.Add(-2);
        dotted.Add(1.25);

        Golden.Check(Path.Combine(Repo.TestData, "telemetry"), "exposition.prom", _probe.Scrape());
    }

    [Test]
    public async Task Write_GoldenExposition_PassesPromtoolCheckMetrics()
    {
        var golden = File.ReadAllText(Path.Combine(Repo.Root, "tests", "SacOperator.Tests", "testdata", "telemetry", "exposition.prom"));

        var result = await Promtool.CheckMetricsAsync(golden);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().BeEmpty();
    }

    [Test]
    public void Write_Histogram_BucketsAreCumulativeAndEndWithInf()
    {
        var latency = _meter.CreateHistogram<double>("test_wait_seconds", "s", "Wait.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 3] });
        foreach (var value in new[] { 0.5, 1.5, 1.5, 2.5, 9 })
        {
            latency.Record(value);
        }

        var lines = _probe.Scrape().Split('\n');

        lines.Should().ContainInOrder(
            "# TYPE test_wait_seconds histogram",
            "test_wait_seconds_bucket{le=\"1\"} 1",
            "test_wait_seconds_bucket{le=\"2\"} 3",
            "test_wait_seconds_bucket{le=\"3\"} 4",
            "test_wait_seconds_bucket{le=\"+Inf\"} 5",
            "test_wait_seconds_sum 15",
            "test_wait_seconds_count 5");
    }

    [Test]
    public void Write_ObservableSeriesNoLongerReported_LeavesTheExposition()
    {
        var agents = new List<string> { "a", "b" };
        _meter.CreateObservableGauge("test_up", () => agents.Select(a => new Measurement<int>(1, new KeyValuePair<string, object?>("agent", a))), description: "Up.");
        var before = _probe.Scrape();

        agents.Remove("a");
        var after = _probe.Scrape();

        before.Should().Contain("test_up{agent=\"a\"} 1").And.Contain("test_up{agent=\"b\"} 1");
        after.Should().NotContain("agent=\"a\"").And.Contain("test_up{agent=\"b\"} 1");
    }

    [Test]
    public void Write_CounterBeforeAnyMeasurement_WritesNoFamily()
    {
        _meter.CreateCounter<long>("test_quiet_total", description: "Quiet.");

        _probe.Scrape().Should().NotContain("test_quiet_total");
    }

    [TestCase("plain", "plain")]
    [TestCase("a\"b", "a\\\"b")]
    [TestCase("back\\slash", "back\\\\slash")]
    [TestCase("two\nlines", "two\\nlines")]
    [TestCase("\\\"\n", "\\\\\\\"\\n")]
    public void EscapeLabelValue_SpecialCharacters_AreEscaped(string value, string expected) =>
        PrometheusText.EscapeLabelValue(value).Should().Be(expected);

    [TestCase("say \"hi\"", "say \"hi\"")]
    [TestCase("a\\b\nc", "a\\\\b\\nc")]
    public void EscapeHelp_BackslashAndNewline_AreEscapedQuotesAreNot(string value, string expected) =>
        PrometheusText.EscapeHelp(value).Should().Be(expected);

    [TestCase(double.PositiveInfinity, "+Inf")]
    [TestCase(double.NegativeInfinity, "-Inf")]
    [TestCase(double.NaN, "NaN")]
    [TestCase(0.0005, "0.0005")]
    [TestCase(1e-05, "1e-05")]
    [TestCase(2.5, "2.5")]
    [TestCase(10d, "10")]
    [TestCase(1e21, "1e+21")]
    public void FormatDouble_Values_UsePrometheusSpelling(double value, string expected) =>
        PrometheusText.FormatDouble(value).Should().Be(expected);

    [TestCase("sac_ok_total", true, "sac_ok_total")]
    [TestCase("http.server.duration", true, "http_server_duration")]
    [TestCase("a:b", true, "a:b")]
    [TestCase("a:b", false, "a_b")]
    [TestCase("9lives", false, "_9lives")]
    [TestCase("", false, "_")]
    public void SanitizeName_InvalidCharacters_AreReplaced(string name, bool allowColon, string expected) =>
        PrometheusText.SanitizeName(name, allowColon).Should().Be(expected);
}
