using FluentAssertions;
using NUnit.Framework;
using SacOperator.Stores;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Stores;

[TestFixture]
public sealed class SpecTreeTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TempDirectory("spectree");

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public void List_YamlUnderToHomeDirectories_IsHomeContentNotASpec()
    {
        // Regression: an MCP or tool config copied into an agent's home was read as a manifest.
        var root = _dir.Combine("agents");
        var spec = _dir.Write("agents/worker/spec.yaml", "kind: Agent\n");
        _dir.Write("agents/worker/to_home/.config/tool.yaml", "kind: Agent\n");
        _dir.Write("agents/worker/to_home/settings.yml", "kind: Agent\n");
        _dir.Write("agents/_shared/to_home/shared.yaml", "kind: Agent\n");
        Directory.CreateDirectory(_dir.Combine("agents", "linked"));
        Directory.CreateSymbolicLink(_dir.Combine("agents", "linked", "to_home"), _dir.Combine("agents", "_shared", "to_home"));

        var listing = SpecTree.List(root);

        listing.Files.Select(f => f.Path).Should().Equal(spec);
    }

    [Test]
    public void List_LoopDanglingLinkAndGoodSpec_ListsTheSpecOnceAndReportsEachLinkOnce()
    {
        var root = _dir.Combine("agents");
        var good = _dir.Write("agents/good/spec.yaml", "kind: Agent\n");
        var loop = _dir.Combine("agents", "loop");
        var dangling = _dir.Combine("agents", "dangling.yaml");
        Directory.CreateSymbolicLink(loop, ".");
        File.CreateSymbolicLink(dangling, _dir.Combine("nowhere.yaml"));

        var listing = SpecTree.List(root);

        listing.RootProblem.Should().BeNull();
        listing.Files.Select(f => f.Path).Should().Equal(good);
        listing.Diagnostics.Should().HaveCount(2);
        listing.Diagnostics.Should().OnlyContain(d => !d.IsError);
        listing.Diagnostics.Single(d => d.File == loop).ToString().Should().Be($"{loop}: warning: symbolic link to a directory above it (a loop); not followed");
        listing.Diagnostics.Single(d => d.File == dangling).Message.Should().Contain("dangling symbolic link").And.Contain("nowhere.yaml");
        listing.Unreachable.Should().Equal(dangling);
    }

    [Test]
    public void List_LinkToTheRootsParent_IsALoopAndNothingAboveIsListed()
    {
        var root = _dir.Combine("agents");
        var a = _dir.Write("agents/a.yaml", "kind: Agent\n");
        _dir.Write("elsewhere.yaml", "kind: Agent\n");
        Directory.CreateSymbolicLink(_dir.Combine("agents", "up"), "..");

        var listing = SpecTree.List(root);

        listing.Files.Select(f => f.Path).Should().Equal(a);
        listing.Diagnostics.Should().ContainSingle(d => d.File == _dir.Combine("agents", "up") && d.Message.Contains("a loop"));
    }

    [Test]
    public void List_LinkOutOfTheTreeThatLinksBackIn_IsALoopReportedOnce()
    {
        using var outside = new TempDirectory("outside");
        var a = _dir.Write("agents/a.yaml", "kind: Agent\n");
        outside.Write("shared/b.yaml", "kind: Agent\n");
        Directory.CreateSymbolicLink(_dir.Combine("agents", "shared"), outside.Combine("shared"));
        Directory.CreateSymbolicLink(outside.Combine("shared", "back"), _dir.Combine("agents"));

        var listing = SpecTree.List(_dir.Combine("agents"));

        listing.Files.Select(f => f.Path).Should().Equal(a, _dir.Combine("agents", "shared", "b.yaml"));
        listing.Diagnostics.Should().ContainSingle().Which.File.Should().Be(_dir.Combine("agents", "shared", "back"));
    }

    [Test]
    public void List_DirectoryAlsoReachedThroughALink_IsListedOnceUnderItsRealPath()
    {
        var root = _dir.Combine("agents");
        var real = _dir.Write("agents/team/a.yaml", "kind: Agent\n");
        Directory.CreateSymbolicLink(_dir.Combine("agents", "alias"), "team");

        var listing = SpecTree.List(root);

        listing.Files.Select(f => f.Path).Should().Equal(real);
        listing.Diagnostics.Should().BeEmpty("a second way to the same directory is not a problem");
    }

    [Test]
    public void List_LinkToADirectoryOutsideTheRoot_ListsItsFilesUnderTheLink()
    {
        using var outside = new TempDirectory("outside");
        outside.Write("shared/b.yaml", "kind: Agent\n");
        Directory.CreateDirectory(_dir.Combine("agents"));
        Directory.CreateSymbolicLink(_dir.Combine("agents", "shared"), outside.Combine("shared"));

        var listing = SpecTree.List(_dir.Combine("agents"));

        listing.Files.Select(f => f.Path).Should().Equal(_dir.Combine("agents", "shared", "b.yaml"));
    }

    [Test]
    public void List_SymlinkedFile_IsListedOnceWithTheTargetsSizeAndMtime()
    {
        var root = _dir.Combine("agents");
        var a = _dir.Write("agents/a.yaml", "kind: Agent\nmetadata: {name: alpha}\n");
        File.CreateSymbolicLink(_dir.Combine("agents", "same.yaml"), a);
        using var outside = new TempDirectory("outside");
        var target = outside.Write("c.yaml", "kind: Agent # a longer file than the link itself\n");
        File.CreateSymbolicLink(_dir.Combine("agents", "c.yaml"), target);

        var listing = SpecTree.List(root);

        listing.Files.Select(f => f.Path).Should().Equal(a, _dir.Combine("agents", "c.yaml"));
        listing.Files[1].Content.Length.Should().Be(new FileInfo(target).Length);
    }

    [Test]
    public void List_HiddenEntries_AreSkipped()
    {
        var a = _dir.Write("agents/a.yaml", "kind: Agent\n");
        _dir.Write("agents/.backup.yaml", "kind: Agent\n");
        _dir.Write("agents/..data/b.yaml", "kind: Agent\n");

        SpecTree.List(_dir.Combine("agents")).Files.Select(f => f.Path).Should().Equal(a);
    }

    [Test]
    public void List_MissingRoot_SaysSoAndListsNothing()
    {
        var listing = SpecTree.List(_dir.Combine("absent"));

        listing.RootProblem.Should().Be("no such file or directory");
        listing.Files.Should().BeEmpty();
    }
}
