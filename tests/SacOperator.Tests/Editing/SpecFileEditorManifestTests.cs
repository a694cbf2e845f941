using FluentAssertions;
using NUnit.Framework;
using SacOperator.Editing;
using SacOperator.Model;
using SacOperator.Parsing;
using SacOperator.Serialization;

namespace SacOperator.Tests.Editing;

/// <summary><see cref="SpecFileEditor.Edit"/> on sacoperator.dev manifests: <c>spec.suspend</c>.</summary>
[TestFixture]
public sealed class SpecFileEditorManifestTests
{
    private const string File = "/agents/workers.yaml";

    private static readonly ResourceKey Worker = ResourceKey.Agent("worker");

    [Test]
    public void Edit_ExistingSuspendFalse_ReplacesOnlyTheValue()
    {
        const string before = """
            # The worker.
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: worker
            spec:
              runtime: local     # plain process
              suspend: false     # flipped by sacop suspend
              command: [bash, run.sh]

            """;

        var (text, error) = SpecFileEditor.Edit(File, before, Worker, suspend: true);

        error.Should().BeNull();
        text.Should().Be("""
            # The worker.
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: worker
            spec:
              runtime: local     # plain process
              suspend: true     # flipped by sacop suspend
              command: [bash, run.sh]

            """);
    }

    [Test]
    public void Edit_SuspendMissing_InsertsItAtTheSpecIndentationKeepingComments()
    {
        const string before = """
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: worker
            spec:
              # Runs as a plain host process.
              runtime: local
              command: [bash, run.sh]   # the agent

            """;

        var (text, error) = SpecFileEditor.Edit(File, before, Worker, suspend: true);

        error.Should().BeNull();
        text.Should().Be("""
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: worker
            spec:
              # Runs as a plain host process.
              suspend: true
              runtime: local
              command: [bash, run.sh]   # the agent

            """);
    }

    [Test]
    public void Edit_FourSpaceIndentedFile_InsertsWithFourSpaces()
    {
        const string before = """
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
                name: worker
            spec:
                runtime: local
                command: [bash, run.sh]

            """;

        var (text, error) = SpecFileEditor.Edit(File, before, Worker, suspend: true);

        error.Should().BeNull();
        text.Should().Be("""
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
                name: worker
            spec:
                suspend: true
                runtime: local
                command: [bash, run.sh]

            """);
    }

    [Test]
    public void Edit_MultiDocumentFile_EditsOnlyTheNamedAgent()
    {
        const string before = """
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: helper
            spec:
              runtime: local
              suspend: false
            ---
            apiVersion: sacoperator.dev/v1alpha1
            kind: Host
            metadata:
              name: worker
            spec:
              address: local
            ---
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: worker
            spec:
              runtime: local
              suspend: false

            """;

        var (text, error) = SpecFileEditor.Edit(File, before, Worker, suspend: true);

        error.Should().BeNull();
        text.Should().Be(before[..before.LastIndexOf("suspend: false", StringComparison.Ordinal)] + "suspend: true\n");
    }

    [Test]
    public void Edit_ValueAlreadySet_ReturnsTheTextUnchanged()
    {
        const string before = "apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata:\n  name: worker\nspec:\n  suspend: true\n";

        var (text, error) = SpecFileEditor.Edit(File, before, Worker, suspend: true);

        error.Should().BeNull();
        text.Should().Be(before);
    }

    [TestCase("suspend: \"false\"")]
    [TestCase("suspend: 'false'")]
    [TestCase("suspend: no")]
    [TestCase("suspend: False")]
    public void Edit_OtherSpellingOfFalse_IsReplacedByTrue(string line)
    {
        var before = $"apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata:\n  name: worker\nspec:\n  {line}\n";

        var (text, error) = SpecFileEditor.Edit(File, before, Worker, suspend: true);

        error.Should().BeNull();
        text.Should().EndWith("spec:\n  suspend: true\n");
    }

    [TestCase("suspend:")]
    [TestCase("suspend: ~")]
    [TestCase("suspend: null")]
    public void Edit_NullSuspend_WritesTheValue(string line)
    {
        var before = $"apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata:\n  name: worker\nspec:\n  runtime: local\n  {line}\n  workdir: /w\n";

        var (text, error) = SpecFileEditor.Edit(File, before, Worker, suspend: true);

        error.Should().BeNull();
        text.Should().EndWith("spec:\n  runtime: local\n  suspend: true\n  workdir: /w\n");
    }

    [Test]
    public void Edit_DocumentWithoutSpec_AddsASpecBlock()
    {
        const string before = "apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata:\n  name: worker\n";

        var (text, error) = SpecFileEditor.Edit(File, before, Worker, suspend: true);

        error.Should().BeNull();
        YamlText.TryLoad(File, text, out var stream, out _).Should().BeTrue();
        stream!.Documents.Single().RootNode["spec"]["suspend"].ToString().Should().Be("true");
    }

    [TestCase("spec:")]
    [TestCase("spec: ~")]
    public void Edit_NullSpec_ReplacesItWithABlock(string line)
    {
        var before = $"apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata:\n  name: worker\n{line}\n";

        var (text, error) = SpecFileEditor.Edit(File, before, Worker, suspend: true);

        error.Should().BeNull();
        text.Should().Be("apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata:\n  name: worker\nspec:\n  suspend: true\n");
    }

    [Test]
    public void Edit_FlowStyleSpec_IsRefusedWithAReason()
    {
        const string before = "apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata:\n  name: worker\nspec: {runtime: local}\n";

        var (text, error) = SpecFileEditor.Edit(File, before, Worker, suspend: true);

        error.Should().Be("'spec' is written in flow style ({…}); set spec.suspend: true by hand");
        text.Should().Be(before);
    }

    [Test]
    public void Edit_FlowStyleDocument_IsRefusedNamingTheDocument()
    {
        const string before = "{apiVersion: sacoperator.dev/v1alpha1, kind: Agent, metadata: {name: worker}, spec: {runtime: local}}\n";

        var (text, error) = SpecFileEditor.Edit(File, before, Worker, suspend: true);

        error.Should().Be("the document is written in flow style ({…}); set spec.suspend: true by hand");
        text.Should().Be(before);
    }

    [Test]
    public void Edit_AgentNotInFile_IsRefused()
    {
        const string before = "apiVersion: sacoperator.dev/v1alpha1\nkind: Host\nmetadata:\n  name: worker\nspec:\n  address: local\n";

        var (text, error) = SpecFileEditor.Edit(File, before, Worker, suspend: true);

        error.Should().Be("/agents/workers.yaml does not define Agent 'worker'");
        text.Should().Be(before);
    }

    [Test]
    public void Edit_SyntaxError_IsRefusedWithTheLocation()
    {
        const string before = "apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata:\n  name: worker\nspec:\n  a: 1\n b: 2\n";

        var (_, error) = SpecFileEditor.Edit(File, before, Worker, suspend: true);

        error.Should().StartWith("/agents/workers.yaml:7:2: YAML syntax error: ").And.EndWith("; fix the file first");
    }

    [Test]
    public void Edit_SuspendIsAList_IsRefused()
    {
        const string before = "apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata:\n  name: worker\nspec:\n  suspend: [true]\n";

        var (_, error) = SpecFileEditor.Edit(File, before, Worker, suspend: true);

        error.Should().Be("spec.suspend is not a plain value");
    }

    [Test]
    public void Edit_SpecIsAString_IsRefused()
    {
        const string before = "apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata:\n  name: worker\nspec: local\n";

        var (_, error) = SpecFileEditor.Edit(File, before, Worker, suspend: true);

        error.Should().Be("spec is not a mapping");
    }

    [Test]
    public void Edit_LastLineWithoutNewline_StillParses()
    {
        const string before = "apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata:\n  name: worker\nspec:\n  runtime: local";

        var (text, _) = SpecFileEditor.Edit(File, before, Worker, suspend: true);

        Suspend(text).Should().BeTrue();
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Edit_FullManifest_ReparsesWithOnlySuspendChanged(bool suspend)
    {
        var before = System.IO.File.ReadAllText(Path.Combine(TestSupport.Repo.TestData, "specs", "agent-full", "input.yaml"))
            .Replace("metadata:\n  name: full-agent\n  namespace: research", "metadata:\n  name: worker", StringComparison.Ordinal);
        var original = (Agent)ManifestReader.Read(File, before).Resources.Single().Resource!;

        var (text, _) = SpecFileEditor.Edit(File, before, Worker, suspend);

        var edited = ManifestReader.Read(File, text).Resources.Single();
        edited.Diagnostics.Should().BeEmpty();
        ModelJson.Serialize(edited.Resource).Should().Be(ModelJson.Serialize(original with { Spec = original.Spec with { Suspend = suspend } }));
    }

    private static bool Suspend(string text) =>
        ((Agent)ManifestReader.Read(File, text).Resources.Single(r => r.Key == Worker).Resource!).Spec.Suspend;
}
