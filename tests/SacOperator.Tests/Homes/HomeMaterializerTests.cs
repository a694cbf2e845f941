using FluentAssertions;
using NUnit.Framework;
using SacOperator.Homes;
using SacOperator.Model;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Homes;

/// <summary>Home materialisation on real files: every start re-applies the layers without losing what the agent wrote.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class HomeMaterializerTests : IDisposable
{
    private readonly TempDirectory _dir = new("homes");

    public void Dispose() => _dir.Dispose();

    private HomePlan Materialize() => HomeMaterializer.Materialize(
        [(HomeLayerNames.ProjectShared, _dir.Combine("shared")), (HomeLayerNames.PerAgent, _dir.Combine("to_home"))], _dir.Combine("home"));

    [Test]
    public void Materialize_SecondStart_KeepsWhatTheAgentAppendedAndTakesLayerChanges()
    {
        _dir.Write("to_home/state.md", "v1");
        Materialize();
        File.AppendAllText(_dir.Combine("home", "state.md"), "the agent's own notes\n");
        _dir.Write("to_home/state.md", "v2");

        Materialize();

        var state = File.ReadAllText(_dir.Combine("home", "state.md"));
        state.Should().Contain("v2").And.NotContain("v1").And.EndWith("the agent's own notes\n");
    }

    [Test]
    public void Materialize_SymlinkInALayer_CopiesWhatItPointsTo()
    {
        var target = _dir.Write("elsewhere/skill.md", "skill body");
        Directory.CreateDirectory(_dir.Combine("to_home", ".claude", "skills"));
        File.CreateSymbolicLink(_dir.Combine("to_home", ".claude", "skills", "skill.md"), target);

        Materialize();

        var copied = _dir.Combine("home", ".claude", "skills", "skill.md");
        new FileInfo(copied).LinkTarget.Should().BeNull();
        File.ReadAllText(copied).Should().Be("skill body");
    }

    [Test]
    public void Materialize_DanglingSymlink_FailsNamingIt()
    {
        Directory.CreateDirectory(_dir.Combine("to_home"));
        File.CreateSymbolicLink(_dir.Combine("to_home", "gone.md"), _dir.Combine("nowhere"));

        var act = Materialize;

        act.Should().Throw<HomeMaterializationException>().WithMessage("*gone.md*symlink to nothing*");
    }

    [Test]
    public void Materialize_NoLayersOnDisk_TouchesNothing()
    {
        Materialize().Should().BeSameAs(HomePlan.Empty);
        Directory.Exists(_dir.Combine("home")).Should().BeFalse();
    }
}
