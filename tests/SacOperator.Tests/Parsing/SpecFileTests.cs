using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Parsing;
using SacOperator.Stores;

namespace SacOperator.Tests.Parsing;

[TestFixture]
public sealed class SpecFileTests
{
    private const string SacSpec = """
        apiVersion: scitex-agent-container/v3
        kind: Agent
        spec:
          apptainer:
            image: sac-base
        """;

    private const string LocalAgent = """
        apiVersion: sacoperator.dev/v1alpha1
        kind: Agent
        metadata:
          name: worker
          namespace: team-a
        spec:
          runtime: local
          command: [bash, run.sh]
        """;

    [TestCase("agents.yaml")]
    [TestCase("agents.yml")]
    [TestCase("AGENTS.YAML")]
    [TestCase("dir/spec.yaml")]
    public void IsCandidate_YamlFile_ReturnsTrue(string path)
    {
        var candidate = SpecFile.IsCandidate(path);

        candidate.Should().BeTrue();
    }

    [TestCase("agents.json")]
    [TestCase("spec.yaml.bak")]
    [TestCase("spec.yaml~")]
    [TestCase("README.md")]
    [TestCase("yaml")]
    public void IsCandidate_OtherFile_ReturnsFalse(string path)
    {
        var candidate = SpecFile.IsCandidate(path);

        candidate.Should().BeFalse();
    }

    [TestCase("apiVersion: scitex-agent-container/v3\nkind: Agent\n")]
    [TestCase("# sac\napiVersion: \"scitex-agent-container/v3\"\n")]
    [TestCase("kind: Agent\napiVersion: 'scitex-agent-container/v2'\n")]
    [TestCase("apiVersion: scitex-agent-container/v3\nspec: [unclosed\n")]
    public void IsSacSpec_SpecYamlWithSacApiVersion_ReturnsTrue(string text)
    {
        var sac = SacSpecReader.IsSacSpec("/agents/a/spec.yaml", text);

        sac.Should().BeTrue();
    }

    [TestCase("apiVersion: sacoperator.dev/v1alpha1\nspec:\n  image: docker://ghcr.io/scitex-ai/scitex-agent-container:1.0\n")]
    [TestCase("# converted from a scitex-agent-container/v3 spec\napiVersion: sacoperator.dev/v1alpha1\n")]
    [TestCase("kind: Agent\n")]
    public void IsSacSpec_SpecYamlWithOtherApiVersion_ReturnsFalse(string text)
    {
        var sac = SacSpecReader.IsSacSpec("/agents/a/spec.yaml", text);

        sac.Should().BeFalse();
    }

    [Test]
    public void IsSacSpec_OtherFileName_ReturnsFalse()
    {
        var sac = SacSpecReader.IsSacSpec("/agents/a/agent.yaml", SacSpec);

        sac.Should().BeFalse();
    }

    [Test]
    public void Parse_SacSpecYaml_NamesTheAgentAfterItsDirectory()
    {
        var parsed = SpecFile.Parse("/agents/researcher/spec.yaml", SacSpec, "host-1");

        parsed.Resources.Should().ContainSingle().Which.Key.Should().Be(ResourceKey.Agent("researcher"));
    }

    [Test]
    public void Parse_SacContentInAnotherFileName_IsReadAsManifestsAndSkipped()
    {
        var parsed = SpecFile.Parse("/agents/researcher/agent.yaml", SacSpec, "host-1");

        parsed.Resources.Should().BeEmpty();
    }

    [Test]
    public void Parse_ManifestNamedSpecYaml_IsReadAsManifest()
    {
        var parsed = SpecFile.Parse("/agents/whatever/spec.yaml", LocalAgent, "host-1");

        parsed.Resources.Should().ContainSingle().Which.Key.Should().Be(new ResourceKey(ResourceKinds.Agent, "team-a", "worker"));
    }

    [Test]
    public void Parse_SacSpecWithHostnameVariable_SubstitutesTheGivenHostName()
    {
        var text = SacSpec + "\n  host: ${HOSTNAME}\n";

        var parsed = SpecFile.Parse("/agents/placed/spec.yaml", text, "gpu-7");

        ((Agent)parsed.Resources.Single().Resource!).Spec.Host.Should().Be("gpu-7");
    }

    [Test]
    public void SacSpecReaderRead_WithoutHostName_SubstitutesTheMachineName()
    {
        var text = SacSpec + "\n  host: ${HOSTNAME}\n";

        var parsed = SacSpecReader.Read("/agents/placed/spec.yaml", text);

        ((Agent)parsed.Resources.Single().Resource!).Spec.Host.Should().Be(Environment.MachineName);
    }

    [Test]
    public void ToStored_NamespacedResource_DropsTheNamespaceFromKeyAndObject()
    {
        var parsed = SpecFile.Parse("/agents/worker.yaml", LocalAgent).Resources.Single();

        var stored = SpecFile.ToStored(parsed);

        stored.Key.Should().Be(ResourceKey.Agent("worker"));
        stored.Resource!.Metadata.Namespace.Should().BeNull();
    }

    [Test]
    public void ToStored_InvalidResource_KeepsDiagnosticsWithoutObject()
    {
        var parsed = SpecFile.Parse("/agents/worker.yaml", LocalAgent + "\n  suspend: maybe\n").Resources.Single();

        var stored = SpecFile.ToStored(parsed);

        stored.Resource.Should().BeNull();
        stored.ErrorSummary.Should().Be("/agents/worker.yaml:9:12: spec.suspend: must be true or false, got 'maybe'");
    }

    [Test]
    public void ToStored_ValidResource_RecordsSourceAndLine()
    {
        var parsed = SpecFile.Parse("/agents/worker.yaml", "---\n" + LocalAgent).Resources.Single();

        var stored = SpecFile.ToStored(parsed);

        stored.Source.Should().Be("/agents/worker.yaml");
        stored.Line.Should().Be(2);
    }

    [Test]
    public void Hash_SameContentReadTwice_IsEqual()
    {
        var first = SpecFile.ToStored(SpecFile.Parse("/a.yaml", LocalAgent).Resources.Single());

        var second = SpecFile.ToStored(SpecFile.Parse("/a.yaml", "# a comment changes nothing\n" + LocalAgent).Resources.Single());

        second.ContentHash.Should().Be(first.ContentHash);
    }

    [Test]
    public void Hash_ChangedSpec_Differs()
    {
        var first = SpecFile.ToStored(SpecFile.Parse("/a.yaml", LocalAgent).Resources.Single());

        var second = SpecFile.ToStored(SpecFile.Parse("/a.yaml", LocalAgent + "\n  suspend: true\n").Resources.Single());

        second.IsValid.Should().BeTrue();
        second.ContentHash.Should().NotBe(first.ContentHash);
    }

    [Test]
    public void Hash_SameObjectWithNewWarning_Differs()
    {
        var withoutGpu = SpecFile.ToStored(SpecFile.Parse("/a.yaml", LocalAgent).Resources.Single());
        var warning = new Diagnostic(DiagnosticSeverity.Warning, "/a.yaml", 9, 3, "spec.gpu", "ignored by the local runtime");

        var hash = SpecFile.Hash(withoutGpu.Resource, [warning]);

        hash.Should().NotBe(withoutGpu.ContentHash);
    }

    [Test]
    public void Hash_InvalidResources_DifferByTheirDiagnostics()
    {
        var one = new Diagnostic(DiagnosticSeverity.Error, "/a.yaml", 3, 1, "spec", "one");
        var two = one with { Message = "two" };

        var hashes = new[] { SpecFile.Hash(null, [one]), SpecFile.Hash(null, [two]) };

        hashes[0].Should().NotBe(hashes[1]);
    }
}
