using FluentAssertions;
using NUnit.Framework;
using SacOperator.Parsing;

namespace SacOperator.Tests.Parsing;

[TestFixture]
public sealed class DurationFormatTests
{
    [TestCase("0", 0)]
    [TestCase("30", 30_000)]
    [TestCase("300", 300_000)]
    [TestCase("86400", 86_400_000)]
    public void TryParse_WholeSeconds_ReadsSeconds(string text, long expectedMs)
    {
        var ok = DurationFormat.TryParse(text, out var value);

        ok.Should().BeTrue();
        value.Should().Be(TimeSpan.FromMilliseconds(expectedMs));
    }

    [TestCase("30s", 30_000)]
    [TestCase("5m", 300_000)]
    [TestCase("2h", 7_200_000)]
    [TestCase("250ms", 250)]
    [TestCase("1h30m", 5_400_000)]
    [TestCase("1m30s", 90_000)]
    [TestCase("1h1m1s", 3_661_000)]
    [TestCase("1.5s", 1_500)]
    [TestCase("0.5h", 1_800_000)]
    [TestCase("1s500ms", 1_500)]
    [TestCase("0s", 0)]
    [TestCase("90m", 5_400_000)]
    public void TryParse_UnitString_ReadsDuration(string text, long expectedMs)
    {
        var ok = DurationFormat.TryParse(text, out var value);

        ok.Should().BeTrue();
        value.Should().Be(TimeSpan.FromMilliseconds(expectedMs));
    }

    [Test]
    public void TryParse_SurroundingWhitespace_IsIgnored()
    {
        var ok = DurationFormat.TryParse("  45s \t", out var value);

        ok.Should().BeTrue();
        value.Should().Be(TimeSpan.FromSeconds(45));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("soon")]
    [TestCase("s")]
    [TestCase("ms")]
    [TestCase("-5")]
    [TestCase("-5s")]
    [TestCase("+5s")]
    [TestCase("1.5")]
    [TestCase("1d")]
    [TestCase("1w")]
    [TestCase("5M")]
    [TestCase("5S")]
    [TestCase("5m5")]
    [TestCase("1h 30m")]
    [TestCase("5 m")]
    [TestCase("1.2.3s")]
    [TestCase("1e3s")]
    [TestCase(".s")]
    [TestCase("10 minutes")]
    public void TryParse_Malformed_ReturnsFalse(string text)
    {
        var ok = DurationFormat.TryParse(text, out _);

        ok.Should().BeFalse();
    }

    [TestCase("99999999999999999")]
    [TestCase("9223372036854775807")]
    [TestCase("99999999999999h")]
    [TestCase("1e300")]
    public void TryParse_BeyondTimeSpanRange_ReturnsFalseWithoutThrowing(string text)
    {
        var parse = () => DurationFormat.TryParse(text, out _);

        parse.Should().NotThrow().Which.Should().BeFalse();
    }

    [TestCase(0, "0s")]
    [TestCase(45_000, "45s")]
    [TestCase(60_000, "1m")]
    [TestCase(90_000, "1m30s")]
    [TestCase(3_600_000, "1h")]
    [TestCase(5_400_000, "1h30m")]
    [TestCase(3_661_000, "1h1m1s")]
    [TestCase(90_000_000, "25h")]
    [TestCase(250, "250ms")]
    [TestCase(1_500, "1.5s")]
    [TestCase(1_010, "1.01s")]
    [TestCase(1_001, "1.001s")]
    [TestCase(61_500, "1m1.5s")]
    [TestCase(3_600_250, "1h250ms")]
    public void Format_Duration_WritesShortestForm(long milliseconds, string expected)
    {
        var text = DurationFormat.Format(TimeSpan.FromMilliseconds(milliseconds));

        text.Should().Be(expected);
    }

    [TestCase(1)]
    [TestCase(499)]
    public void Format_LessThanHalfAMillisecond_WritesZeroSeconds(int microseconds)
    {
        var value = TimeSpan.FromMicroseconds(microseconds);

        var text = DurationFormat.Format(value);

        text.Should().Be("0s");
    }

    [TestCase(0L)]
    [TestCase(1L)]
    [TestCase(250L)]
    [TestCase(999L)]
    [TestCase(1_000L)]
    [TestCase(1_500L)]
    [TestCase(59_999L)]
    [TestCase(61_001L)]
    [TestCase(3_599_999L)]
    [TestCase(5_400_000L)]
    [TestCase(86_400_000L)]
    [TestCase(359_999_999L)]
    public void Format_ThenTryParse_RoundTrips(long milliseconds)
    {
        var original = TimeSpan.FromMilliseconds(milliseconds);

        var ok = DurationFormat.TryParse(DurationFormat.Format(original), out var parsed);

        ok.Should().BeTrue();
        parsed.Should().Be(original);
    }

    [TestCase("30")]
    [TestCase("30s")]
    [TestCase("0.5m")]
    public void TryParse_SecondsAndUnitSpellings_MeanTheSameDuration(string text)
    {
        DurationFormat.TryParse(text, out var value);

        value.Should().Be(TimeSpan.FromSeconds(30));
    }
}
