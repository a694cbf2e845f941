using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Parsing;
using SacOperator.Serialization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Tests.Serialization;

[TestFixture]
public sealed class YamlWriterTests
{
    [Test]
    public void Write_NestedObject_UsesBlockStyle()
    {
        var node = JsonNode.Parse("""{"spec": {"runtime": "local", "command": ["bash", "run.sh"], "suspend": true, "retries": 3}}""");

        var yaml = YamlWriter.Write(node);

        yaml.Should().Be("spec:\n  runtime: local\n  command:\n  - bash\n  - run.sh\n  suspend: true\n  retries: 3\n");
    }

    [TestCase("true")]
    [TestCase("false")]
    [TestCase("True")]
    [TestCase("FALSE")]
    [TestCase("yes")]
    [TestCase("No")]
    [TestCase("ON")]
    [TestCase("off")]
    [TestCase("y")]
    [TestCase("N")]
    [TestCase("null")]
    [TestCase("NULL")]
    [TestCase("~")]
    [TestCase("")]
    [TestCase("30")]
    [TestCase("-1")]
    [TestCase("+7")]
    [TestCase("1.5")]
    [TestCase("1e3")]
    [TestCase("0x1F")]
    [TestCase("0o17")]
    [TestCase("1_000")]
    [TestCase(".inf")]
    [TestCase("-.Inf")]
    [TestCase(".NaN")]
    public void Write_StringThatReadsAsAnotherType_IsQuoted(string text)
    {
        var yaml = YamlWriter.Write(new JsonObject { ["value"] = text });

        var scalar = ReadValue(yaml);
        scalar.Value.Should().Be(text);
        scalar.Style.Should().BeOneOf(ScalarStyle.SingleQuoted, ScalarStyle.DoubleQuoted);
    }

    [TestCase("local")]
    [TestCase("30s")]
    [TestCase("sac-base")]
    [TestCase("docker://ghcr.io/scitex-ai/sac-base:1.2")]
    [TestCase("~/proj:/work/proj:rw")]
    [TestCase("truely")]
    [TestCase("v1.2")]
    public void Write_OrdinaryString_IsPlain(string text)
    {
        var yaml = YamlWriter.Write(new JsonObject { ["value"] = text });

        var scalar = ReadValue(yaml);
        scalar.Value.Should().Be(text);
        scalar.Style.Should().Be(ScalarStyle.Plain);
    }

    [TestCase("line one\nline two")]
    [TestCase("  leading spaces")]
    [TestCase("- looks like a list")]
    [TestCase("key: value")]
    [TestCase("# not a comment")]
    [TestCase("tab\there")]
    [TestCase("quote \" and 'apostrophe'")]
    [TestCase("{flow}")]
    [TestCase("@at")]
    [TestCase("ünïcødé ✓")]
    public void Write_StringWithYamlSyntax_ReadsBackUnchanged(string text)
    {
        var yaml = YamlWriter.Write(new JsonObject { ["value"] = text });

        ReadValue(yaml).Value.Should().Be(text);
    }

    [Test]
    public void Write_NumbersAndBooleans_ArePlainScalars()
    {
        var yaml = YamlWriter.Write(JsonNode.Parse("""{"port": 8080, "multiplier": 1.5, "enabled": false, "nothing": null}"""));

        yaml.Should().Be("port: 8080\nmultiplier: 1.5\nenabled: false\nnothing: null\n");
    }

    [Test]
    public void WriteAll_SeveralDocuments_SeparatesThemWithDocumentMarkers()
    {
        var yaml = YamlWriter.WriteAll([JsonNode.Parse("""{"a": 1}"""), JsonNode.Parse("""{"b": 2}""")]);

        yaml.Should().Be("a: 1\n---\nb: 2\n");
    }

    [Test]
    public void Write_AgentWithEveryField_ReparsesToAnEqualAgent()
    {
        var agent = ModelSamples.FullAgent();

        var parsed = ManifestReader.Read("a.yaml", YamlWriter.Write(ModelJson.ToNode(agent))).Resources.Single();

        parsed.Diagnostics.Should().BeEmpty();
        ModelJson.Serialize(parsed.Resource).Should().Be(ModelJson.Serialize(agent));
    }

    [Test]
    public void Write_AgentWithTrickyStrings_ReparsesToAnEqualAgent()
    {
        var agent = ModelSamples.FullAgent() with
        {
            Metadata = ModelSamples.FullAgent().Metadata with
            {
                Labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["flag"] = "TRUE", ["count"] = "30", ["empty"] = "", ["nothing"] = "NULL",
                },
            },
            Spec = ModelSamples.FullAgent().Spec with
            {
                Env = new Dictionary<string, string>
                {
                    ["A"] = "true", ["B"] = "30", ["C"] = "", ["D"] = "null", ["E"] = "~", ["F"] = "yes", ["G"] = "1e3", ["H"] = "Off",
                },
                StartupPrompts = ["Line one.\nLine two: with a colon.", "- not a list", "", "# not a comment", "NULL"],
                Workdir = "0755",
                Host = "no",
            },
        };

        var parsed = ManifestReader.Read("a.yaml", YamlWriter.Write(ModelJson.ToNode(agent))).Resources.Single();

        parsed.Diagnostics.Should().BeEmpty();
        ModelJson.Serialize(parsed.Resource).Should().Be(ModelJson.Serialize(agent));
    }

    // Host is left out: its model field capacity.memoryBytes has no manifest counterpart (manifests say capacity.memory).
    [TestCase("Image/sac-base")]
    [TestCase("Account/default")]
    public void Write_OtherKind_ReparsesToAnEqualResource(string key)
    {
        var text = File.ReadAllText(Path.Combine(TestSupport.Repo.TestData, "specs", "multi-document", "input.yaml"));
        var resource = ManifestReader.Read("in.yaml", text).Resources.Single(r => r.Key.ToString() == key).Resource!;

        var reread = ManifestReader.Read("out.yaml", YamlWriter.Write(ModelJson.ToNode(resource))).Resources.Single();

        reread.Diagnostics.Should().BeEmpty();
        ModelJson.Serialize(reread.Resource).Should().Be(ModelJson.Serialize(resource));
    }

    private static YamlScalarNode ReadValue(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlScalarNode)((YamlMappingNode)stream.Documents.Single().RootNode)["value"];
    }
}
