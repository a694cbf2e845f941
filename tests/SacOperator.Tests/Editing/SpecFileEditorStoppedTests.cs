using FluentAssertions;
using NUnit.Framework;
using SacOperator.Editing;
using SacOperator.Model;
using SacOperator.Parsing;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Editing;

/// <summary>
/// <c>sacop stop|start</c> edit <c>stopped</c> as <c>suspend|resume</c> edit <c>suspend</c>:
/// <c>spec.extensions.sacoperator.stopped</c> in a sac spec.yaml (sac keeps no stop in its spec
/// and ignores our extension block), <c>spec.stopped</c> in a manifest; comments, key order and
/// layout survive, and the edited file reads back with the new value.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SpecFileEditorStoppedTests
{
    [Test]
    public void Edit_SacSpecWithSuspendInExtensions_AddsStoppedBesideItKeepingComments()
    {
        const string before = """
            # sac agent
            apiVersion: scitex-agent-container/v3
            kind: Agent
            spec:
              extensions:
                sacoperator:
                  suspend: false   # thawed
              apptainer:
                image: sac-base    # the base image

            """;

        var (text, error) = SpecFileEditor.Edit("/agents/researcher/spec.yaml", before, ResourceKey.Agent("researcher"), "stopped", true);

        error.Should().BeNull();
        text.Should().Be("""
            # sac agent
            apiVersion: scitex-agent-container/v3
            kind: Agent
            spec:
              extensions:
                sacoperator:
                  stopped: true
                  suspend: false   # thawed
              apptainer:
                image: sac-base    # the base image

            """);
        var agent = (Agent)SacSpecReader.Read("/agents/researcher/spec.yaml", text).Resources.Single().Resource!;
        agent.Spec.Stopped.Should().BeTrue();
        agent.Spec.Suspend.Should().BeFalse();
    }

    [Test]
    public void Edit_SacSpecStoppedTrue_StartReplacesOnlyTheValue()
    {
        const string before = """
            apiVersion: scitex-agent-container/v3
            kind: Agent
            spec:
              extensions:
                sacoperator: {stopped: true}
            """;
        const string block = """
            apiVersion: scitex-agent-container/v3
            kind: Agent
            spec:
              extensions:
                sacoperator:
                  stopped: true    # sacop stop
              claude:
                model: sonnet

            """;

        var (flow, flowError) = SpecFileEditor.Edit("/agents/a/spec.yaml", before, ResourceKey.Agent("a"), "stopped", false);
        var (text, error) = SpecFileEditor.Edit("/agents/a/spec.yaml", block, ResourceKey.Agent("a"), "stopped", false);

        flowError.Should().Contain("flow style").And.Contain("spec.extensions.sacoperator.stopped: false");
        flow.Should().Be(before);
        error.Should().BeNull();
        text.Should().Be(block.Replace("stopped: true", "stopped: false", StringComparison.Ordinal), "only the value changes; the comment keeps its column as written");
    }

    [Test]
    public void Edit_SacWrittenEmptyExtensions_WritesTheBlockInPlaceOfTheBraces()
    {
        // Regression: sac writes every field, an unused block as {}; stop and suspend refused such a spec as flow style.
        const string before = """
            apiVersion: scitex-agent-container/v3
            kind: Agent
            spec:
              extensions: {}   # for other tools
              claude:
                model: sonnet

            """;

        var (stopped, stopError) = SpecFileEditor.Edit("/agents/lead/spec.yaml", before, ResourceKey.Agent("lead"), "stopped", true);
        var (suspended, suspendError) = SpecFileEditor.Edit("/agents/lead/spec.yaml", before, ResourceKey.Agent("lead"), suspend: true);

        stopError.Should().BeNull();
        suspendError.Should().BeNull();
        stopped.Should().Be("""
            apiVersion: scitex-agent-container/v3
            kind: Agent
            spec:
              extensions:   # for other tools
                sacoperator:
                  stopped: true
              claude:
                model: sonnet

            """);
        suspended.Should().Be(stopped.Replace("stopped: true", "suspend: true", StringComparison.Ordinal));
        ((Agent)SacSpecReader.Read("/agents/lead/spec.yaml", stopped).Resources.Single().Resource!).Spec.Stopped.Should().BeTrue();
    }

    [Test]
    public void Edit_ManifestWithoutStopped_InsertsSpecStoppedKeepingTheOtherDocuments()
    {
        const string before = """
            # two agents
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: other
            spec:
              runtime: local
              command: [bash, other.sh]
            ---
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: worker
            spec:
              runtime: local
              command: [bash, run.sh]   # the worker
              suspend: false

            """;

        var (text, error) = SpecFileEditor.Edit("/agents/workers.yaml", before, ResourceKey.Agent("worker"), "stopped", true);

        error.Should().BeNull();
        text.Should().Be(before.Replace("""
              runtime: local
              command: [bash, run.sh]   # the worker
            """, """
              stopped: true
              runtime: local
              command: [bash, run.sh]   # the worker
            """, StringComparison.Ordinal));
        var parsed = ManifestReader.Read("/agents/workers.yaml", text).Resources;
        parsed.Should().OnlyContain(r => r.IsValid);
        parsed.Select(r => ((Agent)r.Resource!).Spec.Stopped).Should().Equal(false, true);
    }

    [Test]
    public void SetFlag_SacSpecOnDisk_StopThenStartRoundTrips()
    {
        using var dir = new TempDirectory("stopped-edit");
        const string original = "apiVersion: scitex-agent-container/v3\nkind: Agent\nspec:\n  # keep me\n  claude:\n    model: sonnet\n";
        var file = dir.Write("agents/a/spec.yaml", original);

        var stop = SpecFileEditor.SetFlag(file, ResourceKey.Agent("a"), "stopped", true);
        var stopped = File.ReadAllText(file);
        var start = SpecFileEditor.SetFlag(file, ResourceKey.Agent("a"), "stopped", false);

        stop.Should().BeNull();
        start.Should().BeNull();
        stopped.Should().Contain("      stopped: true\n").And.Contain("  # keep me\n");
        File.ReadAllText(file).Should().Be(stopped.Replace("stopped: true", "stopped: false", StringComparison.Ordinal));
    }
}
