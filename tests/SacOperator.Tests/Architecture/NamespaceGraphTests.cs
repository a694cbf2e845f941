using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Architecture;

/// <summary>
/// The library's namespaces form no cycle (store → cache → queue → reconciler → node/state →
/// status; Telemetry and Model at the bottom). A cycle is printed with the file and line behind
/// each step.
/// </summary>
[TestFixture]
public sealed class NamespaceGraphTests
{
    [Test]
    public void Controllers_NamespaceGraph_HasNoCycle()
    {
        var graph = NamespaceGraph.FromDirectory(Path.Combine(Repo.Root, "controllers"));

        var cycles = graph.Cycles();

        graph.Namespaces.Should().Contain(["SacOperator.Engine", "SacOperator.Agents", "SacOperator.Telemetry"], "the tree was read");
        cycles.Should().BeEmpty("namespaces in controllers/ must not depend on each other in a circle:\n" + string.Join("\n\n", cycles.Select(graph.Describe)));
    }

    [Test]
    public void Controllers_Telemetry_DependsOnNothingButModel()
    {
        var graph = NamespaceGraph.FromDirectory(Path.Combine(Repo.Root, "controllers"));

        graph.Uses("SacOperator.Telemetry").Should().BeSubsetOf(["SacOperator.Model"], "metrics are read by everyone, so they read no one");
    }

    [Test]
    public void Cycles_ThroughUsingsAndQualifiedNames_AreFoundAndNamed()
    {
        var graph = NamespaceGraph.Parse(
        [
            ("A/Alpha.cs", "using SacOperator.B;\n\nnamespace SacOperator.A;\n\npublic sealed class Alpha;\n"),
            ("B/Beta.cs", "namespace SacOperator.B;\n\n// using SacOperator.D; in a comment is no edge\npublic sealed class Beta { private C.Gamma? _g; private string _s = \"SacOperator.D.Delta\"; }\n"),
            ("C/Gamma.cs", "namespace SacOperator.C;\n\npublic sealed class Gamma { private SacOperator.A.Alpha? _a; }\n"),
            ("D/Delta.cs", "namespace SacOperator.D;\n\npublic sealed class Delta { private B.Beta? _b; }\n"),
        ]);

        var cycles = graph.Cycles();

        cycles.Should().ContainSingle().Which.Should().Equal("SacOperator.A", "SacOperator.B", "SacOperator.C", "SacOperator.A");
        graph.Evidence("SacOperator.B", "SacOperator.C").Should().Be("B/Beta.cs:4", "a name qualified relative to the enclosing namespace counts");
        graph.Uses("SacOperator.B").Should().NotContain("SacOperator.D", "comments and strings are not uses");
        graph.Uses("SacOperator.D").Should().Contain("SacOperator.B");
        graph.Describe(cycles[0]).Should().Contain("SacOperator.C -> SacOperator.A   (C/Gamma.cs:3)");
    }
}
