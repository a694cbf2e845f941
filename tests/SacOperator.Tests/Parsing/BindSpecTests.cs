using FluentAssertions;
using NUnit.Framework;
using SacOperator.Parsing;

namespace SacOperator.Tests.Parsing;

[TestFixture]
public sealed class BindSpecTests
{
    [TestCase("/data")]
    [TestCase("/data:/data")]
    [TestCase("/data:/data:ro")]
    [TestCase("/data:/mnt/data:rw")]
    [TestCase("~/proj:/work/proj")]
    [TestCase("$HOME/.cache:/home/agent/.cache:rw")]
    [TestCase("relative/dir:/work")]
    public void Check_ValidBind_ReturnsNull(string text)
    {
        var problem = BindSpec.Check(text);

        problem.Should().BeNull();
    }

    [TestCase("", "must be host[:container[:ro|rw]]")]
    [TestCase(":/data", "must be host[:container[:ro|rw]]")]
    [TestCase("/a:/b:ro:extra", "must be host[:container[:ro|rw]]")]
    [TestCase("/data:data", "container path must be absolute")]
    [TestCase("/data::ro", "container path must be absolute")]
    [TestCase("/data:~/data", "container path must be absolute")]
    [TestCase("/data:/data:rx", "mode must be ro or rw")]
    [TestCase("/data:/data:RO", "mode must be ro or rw")]
    [TestCase("/data:/data:", "mode must be ro or rw")]
    public void Check_InvalidBind_ExplainsTheProblem(string text, string expected)
    {
        var problem = BindSpec.Check(text);

        problem.Should().Be(expected);
    }

    [Test]
    public void Parse_HostPathOnly_BindsToTheSamePathReadWrite()
    {
        var bind = BindSpec.Parse("/data/ds");

        bind.Should().Be(new BindSpec("/data/ds", "/data/ds", ReadOnly: false));
    }

    [Test]
    public void Parse_WithoutMode_IsReadWrite()
    {
        var bind = BindSpec.Parse("~/proj:/work/proj");

        bind.Should().Be(new BindSpec("~/proj", "/work/proj", ReadOnly: false));
    }

    [Test]
    public void Parse_RoMode_IsReadOnly()
    {
        var bind = BindSpec.Parse("/data:/mnt:ro");

        bind.ReadOnly.Should().BeTrue();
    }

    [Test]
    public void Parse_RwMode_IsReadWrite()
    {
        var bind = BindSpec.Parse("/data:/mnt:rw");

        bind.ReadOnly.Should().BeFalse();
    }

    [TestCase("/data", "/data:/data:rw")]
    [TestCase("/a:/b", "/a:/b:rw")]
    [TestCase("/a:/b:ro", "/a:/b:ro")]
    public void ToString_ParsedBind_WritesTheFullForm(string text, string expected)
    {
        var written = BindSpec.Parse(text).ToString();

        written.Should().Be(expected);
    }

    [Test]
    public void ToString_ThenParse_RoundTrips()
    {
        var original = new BindSpec("/host/dir", "/container/dir", ReadOnly: true);

        var parsed = BindSpec.Parse(original.ToString());

        parsed.Should().Be(original);
    }
}
