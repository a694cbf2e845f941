using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Parsing;
using SacOperator.Serialization;

namespace SacOperator.Tests.Parsing;

/// <summary>Reader behaviour the golden cases do not show well; the goldens in testdata/specs cover the rest.</summary>
[TestFixture]
public sealed class ManifestReaderTests
{
    [Test]
    public void Read_JsonDocument_ReadsLikeYaml()
    {
        const string json = """
            {"apiVersion": "sacoperator.dev/v1alpha1", "kind": "Agent",
             "metadata": {"name": "from-json"},
             "spec": {"runtime": "local", "command": ["bash", "run.sh"], "restart": {"backoff": {"initial": "2s"}}}}
            """;

        var parsed = ManifestReader.Read("a.json", json);

        var agent = (Agent)parsed.Resources.Single().Resource!;
        agent.Spec.Restart.Backoff.Initial.Should().Be(TimeSpan.FromSeconds(2));
    }

    [Test]
    public void Read_EmptyText_ReturnsNoResourcesAndNoDiagnostics()
    {
        var parsed = ManifestReader.Read("empty.yaml", "");

        parsed.Resources.Should().BeEmpty();
        parsed.AllDiagnostics.Should().BeEmpty();
    }

    [Test]
    public void Read_OnlyComments_ReturnsNoResources()
    {
        var parsed = ManifestReader.Read("c.yaml", "# nothing here yet\n---\n# nor here\n");

        parsed.Resources.Should().BeEmpty();
    }

    [Test]
    public void Read_WarningOnly_LeavesTheResourceValid()
    {
        const string text = """
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata: {name: a}
            spec: {runtime: local, gpu: rocm}
            """;

        var resource = ManifestReader.Read("a.yaml", text).Resources.Single();

        resource.IsValid.Should().BeTrue();
        resource.Warnings.Should().ContainSingle().Which.ToString().Should().Be("a.yaml:4:24: warning: spec.gpu: ignored by the local runtime");
    }

    [Test]
    public void Read_SdkAliveMethod_IsStoredAsProcess()
    {
        const string text = """
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata: {name: a}
            spec: {image: x, health: {method: sdk-alive}}
            """;

        var agent = (Agent)ManifestReader.Read("a.yaml", text).Resources.Single().Resource!;

        agent.Spec.Health.Method.Should().Be(HealthMethods.Process);
    }

    [Test]
    public void Read_SameTextTwice_GivesEqualCanonicalJson()
    {
        var text = File.ReadAllText(Path.Combine(TestSupport.Repo.TestData, "specs", "agent-full", "input.yaml"));

        var first = ManifestReader.Read("a.yaml", text).Resources.Single().Resource!;
        var second = ManifestReader.Read("a.yaml", text).Resources.Single().Resource!;

        ModelJson.Serialize(second).Should().Be(ModelJson.Serialize(first));
    }

    [Test]
    public void Read_EnvMap_IsSortedByName()
    {
        const string text = """
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata: {name: a}
            spec: {image: x, env: {ZED: "1", ALPHA: "2", MIDDLE: "3"}}
            """;

        var agent = (Agent)ManifestReader.Read("a.yaml", text).Resources.Single().Resource!;

        agent.Spec.Env.Keys.Should().Equal("ALPHA", "MIDDLE", "ZED");
    }
}
