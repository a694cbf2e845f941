using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Parsing;

namespace SacOperator.Tests.Parsing;

[TestFixture]
public sealed class YamlTextTests
{
    [Test]
    public void TryLoad_ValidText_ReturnsEveryDocument()
    {
        var ok = YamlText.TryLoad("f.yaml", "a: 1\n---\nb: 2\n", out var stream, out var error);

        ok.Should().BeTrue();
        error.Should().BeNull();
        stream!.Documents.Should().HaveCount(2);
    }

    [Test]
    public void TryLoad_BadIndentation_ReportsLineAndColumn()
    {
        var ok = YamlText.TryLoad("f.yaml", "spec:\n  a: 1\n b: 2\n", out _, out var error);

        ok.Should().BeFalse();
        error!.ToString().Should().StartWith("f.yaml:3:2: YAML syntax error: ");
    }

    [Test]
    public void TryLoad_UnclosedFlowSequence_PointsAtTheLineThatOpensIt()
    {
        var ok = YamlText.TryLoad("f.yaml", "a: 1\nb: [x, y\nc: 2\n", out _, out var error);

        ok.Should().BeFalse();
        error!.Line.Should().Be(2);
    }

    [Test]
    public void TryLoad_DuplicateKey_ReportsTheSecondKey()
    {
        var ok = YamlText.TryLoad("f.yaml", "a: 1\nb: 2\na: 3\n", out _, out var error);

        ok.Should().BeFalse();
        error!.ToString().Should().Be("f.yaml:3:1: YAML syntax error: Duplicate key a");
    }

    [Test]
    public void TryLoad_TabIndentation_IsASyntaxError()
    {
        var ok = YamlText.TryLoad("f.yaml", "spec:\n\truntime: local\n", out _, out var error);

        ok.Should().BeFalse();
        error!.IsError.Should().BeTrue();
    }

    [Test]
    public void RecoverNames_BrokenFile_NamesEveryResourceOfOurKinds()
    {
        const string text = """
            kind: Agent
            metadata:
              name: first
            ---
            kind: ConfigMap
            metadata:
              name: skipped
            ---
            kind: "Host"
            metadata:
              name: 'gpu-box'
            spec: [
            """;
        var error = new Diagnostic(DiagnosticSeverity.Error, "f.yaml", 12, 7, "", "YAML syntax error: x");

        var recovered = YamlText.RecoverNames("f.yaml", text, error).ToList();

        recovered.Select(r => r.Key).Should().Equal(ResourceKey.Agent("first"), new ResourceKey(ResourceKinds.Host, "", "gpu-box"));
    }

    [Test]
    public void RecoverNames_RecoveredResource_CarriesTheSyntaxErrorAndNoObject()
    {
        var error = new Diagnostic(DiagnosticSeverity.Error, "f.yaml", 4, 1, "", "YAML syntax error: x");

        var recovered = YamlText.RecoverNames("f.yaml", "kind: Agent\nmetadata:\n  name: a\n[", error).Single();

        recovered.Resource.Should().BeNull();
        recovered.Diagnostics.Should().Equal(error);
        recovered.IsValid.Should().BeFalse();
    }

    [Test]
    public void RecoverNames_NoKindLine_RecoversNothing()
    {
        var error = new Diagnostic(DiagnosticSeverity.Error, "f.yaml", 1, 1, "", "YAML syntax error: x");

        var recovered = YamlText.RecoverNames("f.yaml", "metadata:\n  name: a\n[", error);

        recovered.Should().BeEmpty();
    }
}
