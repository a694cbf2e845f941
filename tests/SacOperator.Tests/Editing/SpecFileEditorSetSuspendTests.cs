using FluentAssertions;
using NUnit.Framework;
using SacOperator.Editing;
using SacOperator.Model;
using SacOperator.Parsing;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Editing;

/// <summary><see cref="SpecFileEditor.SetSuspend"/>: the file on disk.</summary>
[TestFixture]
public sealed class SpecFileEditorSetSuspendTests
{
    private const string Manifest = "apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata:\n  name: worker\nspec:\n  runtime: local\n";

    private static readonly ResourceKey Worker = ResourceKey.Agent("worker");

    [Test]
    public void SetSuspend_Manifest_WritesTheEditedText()
    {
        using var dir = new TempDirectory("edit");
        var file = dir.Write("agents.yaml", Manifest);

        var problem = SpecFileEditor.SetSuspend(file, Worker, suspend: true);

        problem.Should().BeNull();
        File.ReadAllText(file).Should().Be(Manifest.Replace("spec:\n", "spec:\n  suspend: true\n", StringComparison.Ordinal));
    }

    [TestCase(UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    [TestCase(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead)]
    [TestCase(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead)]
    public void SetSuspend_ChangedFile_KeepsTheFileMode(UnixFileMode mode)
    {
        using var dir = new TempDirectory("edit");
        var file = dir.Write("agents.yaml", Manifest);
        File.SetUnixFileMode(file, mode);

        SpecFileEditor.SetSuspend(file, Worker, suspend: true);

        File.GetUnixFileMode(file).Should().Be(mode);
    }

    [Test]
    public void SetSuspend_SacSpec_WritesTheExtensionsBlock()
    {
        using var dir = new TempDirectory("edit");
        var file = dir.Write("researcher/spec.yaml", "apiVersion: scitex-agent-container/v3\nkind: Agent\nspec:\n  apptainer:\n    image: sac-base\n");

        SpecFileEditor.SetSuspend(file, ResourceKey.Agent("researcher"), suspend: true);

        var agent = (Agent)SacSpecReader.Read(file, File.ReadAllText(file), "host-1").Resources.Single().Resource!;
        agent.Spec.Suspend.Should().BeTrue();
    }

    [Test]
    public void SetSuspend_Refused_LeavesTheFileUntouchedAndSaysWhy()
    {
        using var dir = new TempDirectory("edit");
        const string flow = "apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata: {name: worker}\nspec: {runtime: local}\n";
        var file = dir.Write("agents.yaml", flow);

        var problem = SpecFileEditor.SetSuspend(file, Worker, suspend: true);

        problem.Should().Be("'spec' is written in flow style ({…}); set spec.suspend: true by hand");
        File.ReadAllText(file).Should().Be(flow);
    }

    [Test]
    public void SetSuspend_AnyOutcome_LeavesNoTemporaryFileBehind()
    {
        using var dir = new TempDirectory("edit");
        var file = dir.Write("agents.yaml", Manifest);

        SpecFileEditor.SetSuspend(file, Worker, suspend: true);
        SpecFileEditor.SetSuspend(file, Worker, suspend: true);
        SpecFileEditor.SetSuspend(file, ResourceKey.Agent("absent"), suspend: true);

        Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).Should().Equal("agents.yaml");
    }

    [Test]
    public void SetSuspend_ValueAlreadySet_DoesNotRewriteTheFile()
    {
        using var dir = new TempDirectory("edit");
        var file = dir.Write("agents.yaml", Manifest.Replace("spec:\n", "spec:\n  suspend: true\n", StringComparison.Ordinal));
        var stamp = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(file, stamp);

        var problem = SpecFileEditor.SetSuspend(file, Worker, suspend: true);

        problem.Should().BeNull();
        File.GetLastWriteTimeUtc(file).Should().Be(stamp);
    }

    [Test]
    public void SetSuspend_MissingFile_ReportsThatItCannotRead()
    {
        using var dir = new TempDirectory("edit");
        var file = dir.Combine("absent.yaml");

        var problem = SpecFileEditor.SetSuspend(file, Worker, suspend: true);

        problem.Should().StartWith($"cannot read {file}: ");
    }
}
