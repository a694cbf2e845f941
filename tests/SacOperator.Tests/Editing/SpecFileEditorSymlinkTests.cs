using FluentAssertions;
using NUnit.Framework;
using SacOperator.Editing;
using SacOperator.Model;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Editing;

/// <summary><see cref="SpecFileEditor.SetSuspend"/> on a spec that is a symbolic link: the file behind it is edited, the link stays.</summary>
[TestFixture]
public sealed class SpecFileEditorSymlinkTests
{
    private const string Manifest = "apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata:\n  name: worker\nspec:\n  runtime: local\n";

    private static readonly ResourceKey Worker = ResourceKey.Agent("worker");

    private TempDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TempDirectory("editlink");

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public void SetSuspend_SpecIsARelativeSymlink_EditsTheTargetAndKeepsTheLink()
    {
        var target = _dir.Write("specs/worker.yaml", Manifest);
        Directory.CreateDirectory(_dir.Combine("agents"));
        var link = _dir.Combine("agents", "worker.yaml");
        File.CreateSymbolicLink(link, "../specs/worker.yaml");

        var suspended = SpecFileEditor.SetSuspend(link, Worker, suspend: true);
        var suspendedText = File.ReadAllText(target);
        var resumed = SpecFileEditor.SetSuspend(link, Worker, suspend: false);

        suspended.Should().BeNull();
        resumed.Should().BeNull();
        new FileInfo(link).LinkTarget.Should().Be("../specs/worker.yaml");
        suspendedText.Should().Contain("  suspend: true\n");
        File.ReadAllText(target).Should().Contain("  suspend: false\n");
        Directory.EnumerateFileSystemEntries(_dir.Combine("agents")).Should().Equal(link);
        Directory.EnumerateFileSystemEntries(_dir.Combine("specs")).Should().Equal(target);
    }

    [Test]
    public void SetSuspend_ChainOfLinks_EditsTheFinalTargetAndKeepsEveryLink()
    {
        var target = _dir.Write("specs/worker.yaml", Manifest);
        var middle = _dir.Combine("middle.yaml");
        var link = _dir.Combine("worker.yaml");
        File.CreateSymbolicLink(middle, target);
        File.CreateSymbolicLink(link, middle);

        var problem = SpecFileEditor.SetSuspend(link, Worker, suspend: true);

        problem.Should().BeNull();
        new FileInfo(link).LinkTarget.Should().Be(middle);
        new FileInfo(middle).LinkTarget.Should().Be(target);
        File.ReadAllText(target).Should().Contain("  suspend: true\n");
    }

    [Test]
    public void SetSuspend_DanglingLink_RefusesNamingTheLinkAndLeavesItAlone()
    {
        var link = _dir.Combine("worker.yaml");
        File.CreateSymbolicLink(link, _dir.Combine("gone.yaml"));

        var problem = SpecFileEditor.SetSuspend(link, Worker, suspend: true);

        problem.Should().Contain(link).And.Contain("gone.yaml");
        new FileInfo(link).LinkTarget.Should().Be(_dir.Combine("gone.yaml"));
        File.Exists(_dir.Combine("gone.yaml")).Should().BeFalse("nothing is created behind a dangling link");
    }
}
