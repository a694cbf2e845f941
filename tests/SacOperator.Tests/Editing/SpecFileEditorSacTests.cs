using FluentAssertions;
using NUnit.Framework;
using SacOperator.Editing;
using SacOperator.Model;
using SacOperator.Parsing;

namespace SacOperator.Tests.Editing;

/// <summary>
/// <see cref="SpecFileEditor.Edit"/> on sac's own spec.yaml: <c>spec.extensions.sacoperator.suspend</c>,
/// which sac ignores (extensions are opaque to it), so the file stays valid for sac.
/// </summary>
[TestFixture]
public sealed class SpecFileEditorSacTests
{
    private const string File = "/agents/researcher/spec.yaml";

    private static readonly ResourceKey Researcher = ResourceKey.Agent("researcher");

    [Test]
    public void Edit_NoExtensions_InsertsTheWholeBlockKeepingComments()
    {
        const string before = """
            # sac agent
            apiVersion: scitex-agent-container/v3
            kind: Agent
            spec:
              # launch mode
              runtime: claude-agent-sdk
              apptainer:
                image: sac-base   # the base image

            """;

        var (text, error) = SpecFileEditor.Edit(File, before, Researcher, suspend: true);

        error.Should().BeNull();
        text.Should().Be("""
            # sac agent
            apiVersion: scitex-agent-container/v3
            kind: Agent
            spec:
              # launch mode
              extensions:
                sacoperator:
                  suspend: true
              runtime: claude-agent-sdk
              apptainer:
                image: sac-base   # the base image

            """);
    }

    [Test]
    public void Edit_ExtensionsWithOtherTools_AddsSacoperatorBesideThem()
    {
        const string before = """
            apiVersion: scitex-agent-container/v3
            kind: Agent
            spec:
              extensions:
                other-tool: {colour: blue}
              apptainer:
                image: sac-base

            """;

        var (text, error) = SpecFileEditor.Edit(File, before, Researcher, suspend: true);

        error.Should().BeNull();
        text.Should().Be("""
            apiVersion: scitex-agent-container/v3
            kind: Agent
            spec:
              extensions:
                sacoperator:
                  suspend: true
                other-tool: {colour: blue}
              apptainer:
                image: sac-base

            """);
    }

    [Test]
    public void Edit_SacoperatorBlockWithoutSuspend_AddsSuspendToIt()
    {
        const string before = """
            apiVersion: scitex-agent-container/v3
            kind: Agent
            spec:
              extensions:
                sacoperator:
                  runtime: local
              apptainer:
                image: sac-base

            """;

        var (text, error) = SpecFileEditor.Edit(File, before, Researcher, suspend: true);

        error.Should().BeNull();
        text.Should().Contain("""
                sacoperator:
                  suspend: true
                  runtime: local

            """);
    }

    [Test]
    public void Edit_ExistingSuspend_ReplacesTheValue()
    {
        const string before = """
            apiVersion: scitex-agent-container/v3
            kind: Agent
            spec:
              extensions:
                sacoperator:
                  suspend: yes   # frozen for the weekend
              apptainer:
                image: sac-base

            """;

        var (text, error) = SpecFileEditor.Edit(File, before, Researcher, suspend: false);

        error.Should().BeNull();
        text.Should().Be(before.Replace("suspend: yes", "suspend: false", StringComparison.Ordinal));
    }

    [Test]
    public void Edit_EmptyExtensionsKey_ReplacesTheEmptyValueWithTheBlock()
    {
        const string before = """
            apiVersion: scitex-agent-container/v3
            kind: Agent
            spec:
              extensions:
              apptainer:
                image: sac-base

            """;

        var (text, error) = SpecFileEditor.Edit(File, before, Researcher, suspend: true);

        error.Should().BeNull();
        text.Should().Be("""
            apiVersion: scitex-agent-container/v3
            kind: Agent
            spec:
              extensions:
                sacoperator:
                  suspend: true
              apptainer:
                image: sac-base

            """);
    }

    [Test]
    public void Edit_EmptyExtensionsKeyWithComment_KeepsTheComment()
    {
        const string before = "apiVersion: scitex-agent-container/v3\nkind: Agent\nspec:\n  extensions:   # for tools\n  apptainer:\n    image: sac-base\n";

        var (text, error) = SpecFileEditor.Edit(File, before, Researcher, suspend: true);

        error.Should().BeNull();
        text.Should().Be("apiVersion: scitex-agent-container/v3\nkind: Agent\nspec:\n  extensions:   # for tools\n    sacoperator:\n      suspend: true\n  apptainer:\n    image: sac-base\n");
    }

    [TestCase("extensions: ~")]
    [TestCase("extensions: null")]
    public void Edit_NullExtensions_ReplacesTheNullWithTheBlock(string line)
    {
        var before = $"apiVersion: scitex-agent-container/v3\nkind: Agent\nspec:\n  {line}\n  apptainer:\n    image: sac-base\n";

        var (text, error) = SpecFileEditor.Edit(File, before, Researcher, suspend: true);

        error.Should().BeNull();
        text.Should().Be("apiVersion: scitex-agent-container/v3\nkind: Agent\nspec:\n  extensions:\n    sacoperator:\n      suspend: true\n  apptainer:\n    image: sac-base\n");
    }

    [Test]
    public void Edit_EmptyFlowExtensions_IsWrittenAsABlock()
    {
        // sac writes unused blocks as {} (its explicit-fields style): refusing them refused every sac-written spec.
        const string before = "apiVersion: scitex-agent-container/v3\nkind: Agent\nspec:\n  extensions: {}\n  apptainer:\n    image: sac-base\n";

        var (text, error) = SpecFileEditor.Edit(File, before, Researcher, suspend: true);

        error.Should().BeNull();
        text.Should().Be("apiVersion: scitex-agent-container/v3\nkind: Agent\nspec:\n  extensions:\n    sacoperator:\n      suspend: true\n  apptainer:\n    image: sac-base\n");
    }

    [Test]
    public void Edit_FlowStyleSpec_IsRefusedWithAReason()
    {
        const string before = "apiVersion: scitex-agent-container/v3\nkind: Agent\nspec: {apptainer: {image: sac-base}}\n";

        var (text, error) = SpecFileEditor.Edit(File, before, Researcher, suspend: true);

        error.Should().Be("'spec' is written in flow style ({…}); set spec.extensions.sacoperator.suspend: true by hand");
        text.Should().Be(before);
    }

    [Test]
    public void Edit_FourSpaceIndentedSpec_NestsWithFourSpaces()
    {
        const string before = """
            apiVersion: scitex-agent-container/v3
            kind: Agent
            spec:
                runtime: claude-agent-sdk
                apptainer:
                    image: sac-base

            """;

        var (text, error) = SpecFileEditor.Edit(File, before, Researcher, suspend: true);

        error.Should().BeNull();
        text.Should().Be("""
            apiVersion: scitex-agent-container/v3
            kind: Agent
            spec:
                extensions:
                    sacoperator:
                        suspend: true
                runtime: claude-agent-sdk
                apptainer:
                    image: sac-base

            """);
    }

    [Test]
    public void Edit_FourSpaceIndentedEmptyExtensions_NestsWithFourSpaces()
    {
        const string before = "apiVersion: scitex-agent-container/v3\nkind: Agent\nspec:\n    extensions:\n    apptainer:\n        image: sac-base\n";

        var (text, error) = SpecFileEditor.Edit(File, before, Researcher, suspend: true);

        error.Should().BeNull();
        text.Should().Be("apiVersion: scitex-agent-container/v3\nkind: Agent\nspec:\n    extensions:\n        sacoperator:\n            suspend: true\n    apptainer:\n        image: sac-base\n");
    }

    [Test]
    public void Edit_ManifestNamedSpecYaml_EditsSpecSuspend()
    {
        const string before = "apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata:\n  name: researcher\nspec:\n  runtime: local\n";

        var (text, error) = SpecFileEditor.Edit(File, before, Researcher, suspend: true);

        error.Should().BeNull();
        text.Should().Be("apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata:\n  name: researcher\nspec:\n  suspend: true\n  runtime: local\n");
    }

    [Test]
    public void Edit_ManifestSpecYamlMentioningSac_EditsSpecSuspend()
    {
        const string before = "apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata:\n  name: researcher\nspec:\n  image: docker://ghcr.io/scitex-ai/scitex-agent-container:1.0\n";

        var (text, error) = SpecFileEditor.Edit(File, before, Researcher, suspend: true);

        error.Should().BeNull();
        text.Should().Be(before.Replace("spec:\n", "spec:\n  suspend: true\n", StringComparison.Ordinal));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Edit_ExplicitEverythingSpec_ReparsesWithSuspendAndNoNewDiagnostics(bool suspend)
    {
        var source = Path.Combine(TestSupport.Repo.TestData, "specs", "sac-explicit-everything", "researcher", "spec.yaml");
        var before = System.IO.File.ReadAllText(source)
            .Replace("  extensions: {}\n", "", StringComparison.Ordinal);

        var (text, error) = SpecFileEditor.Edit(File, before, Researcher, suspend);

        error.Should().BeNull();
        var parsed = SacSpecReader.Read(File, text, "host-1").Resources.Single();
        parsed.Diagnostics.Should().BeEmpty();
        ((Agent)parsed.Resource!).Spec.Suspend.Should().Be(suspend);
    }
}
