using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Serialization;

namespace SacOperator.Tests.Model;

[TestFixture]
public sealed class BindMountTests
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
        var problem = BindMount.Check(text);

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
        var problem = BindMount.Check(text);

        problem.Should().Be(expected);
    }

    [Test]
    public void Parse_HostPathOnly_BindsToTheSamePathReadWrite()
    {
        var bind = BindMount.Parse("/data/ds");

        bind.Should().Be(new BindMount { Source = "/data/ds" });
        bind.Target.Should().Be("/data/ds");
        bind.ReadOnly.Should().BeFalse();
    }

    [Test]
    public void Parse_WithoutMode_IsReadWrite()
    {
        var bind = BindMount.Parse("~/proj:/work/proj");

        bind.Should().Be(new BindMount { Source = "~/proj", Destination = "/work/proj" });
        bind.ReadOnly.Should().BeFalse();
    }

    [Test]
    public void Parse_RoMode_IsReadOnly()
    {
        var bind = BindMount.Parse("/data:/mnt:ro");

        bind.ReadOnly.Should().BeTrue();
        bind.Target.Should().Be("/mnt");
    }

    [Test]
    public void Parse_RwMode_IsReadWrite()
    {
        var bind = BindMount.Parse("/data:/mnt:rw");

        bind.ReadOnly.Should().BeFalse();
    }

    [TestCase("/data")]
    [TestCase("/a:/b")]
    [TestCase("/a:/b:ro")]
    [TestCase("/a:/b:rw")]
    [TestCase("$HOME/.cache:/home/agent/.cache")]
    public void ToString_ParsedBind_IsTheTextAsWritten(string text)
    {
        var written = BindMount.Parse(text).ToString();

        written.Should().Be(text);
    }

    [TestCase("/a:/b:ro")]
    [TestCase("/data")]
    public void ModelJson_Bind_IsTheStringAsWrittenAndReadsBack(string text)
    {
        var spec = new AgentSpec { Binds = [BindMount.Parse(text)] };

        var json = ModelJson.Serialize(spec);
        var back = System.Text.Json.JsonSerializer.Deserialize<AgentSpec>(json, ModelJson.Options)!;

        json.Should().Contain($"\"binds\":[\"{text}\"]");
        back.Binds.Should().Equal(spec.Binds);
    }
}
