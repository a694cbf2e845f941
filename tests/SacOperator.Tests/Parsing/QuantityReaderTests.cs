using FluentAssertions;
using NUnit.Framework;
using SacOperator.Parsing;

namespace SacOperator.Tests.Parsing;

[TestFixture]
public sealed class QuantityReaderTests
{
    [TestCase("0", 0L)]
    [TestCase("1024", 1024L)]
    [TestCase("1Ki", 1024L)]
    [TestCase("512Mi", 536_870_912L)]
    [TestCase("64Gi", 68_719_476_736L)]
    [TestCase("2Ti", 2_199_023_255_552L)]
    [TestCase("1.5Gi", 1_610_612_736L)]
    [TestCase("0.5Ki", 512L)]
    [TestCase("100K", 100_000L)]
    [TestCase("100k", 100_000L)]
    [TestCase("2M", 2_000_000L)]
    [TestCase("2G", 2_000_000_000L)]
    [TestCase("3T", 3_000_000_000_000L)]
    public void TryParse_Quantity_ReadsBytes(string text, long expected)
    {
        var ok = QuantityReader.TryParse(text, out var bytes);

        ok.Should().BeTrue();
        bytes.Should().Be(expected);
    }

    [TestCase("")]
    [TestCase("lots")]
    [TestCase("Gi")]
    [TestCase("-1Gi")]
    [TestCase("-1")]
    [TestCase("1.5")]
    [TestCase("1 Gi")]
    [TestCase("1GB")]
    [TestCase("1Mb")]
    [TestCase("1gi")]
    [TestCase("1e3")]
    [TestCase("9223372036854775808")]
    public void TryParse_Malformed_ReturnsFalse(string text)
    {
        var ok = QuantityReader.TryParse(text, out _);

        ok.Should().BeFalse();
    }
}
