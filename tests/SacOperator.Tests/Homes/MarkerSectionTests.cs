using FluentAssertions;
using NUnit.Framework;
using SacOperator.Homes;

namespace SacOperator.Tests.Homes;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class MarkerSectionTests
{
    private const string Start = MarkerSection.StartPrefix + " -->";

    [Test]
    public void Merge_NoExistingFile_WritesTheLayersBetweenTheMarkers()
    {
        MarkerSection.Merge(null, ["shared", "own"], "CLAUDE.md")
            .Should().Be($"{Start}\nshared\n\nown\n{MarkerSection.End}\n");
    }

    [Test]
    public void Merge_TextAroundAnEarlierSection_IsKept()
    {
        var existing = $"# written by a person\n\n{Start}\nold\n{MarkerSection.End}\nappended by the agent\n";

        MarkerSection.Merge(existing, ["new"], "state.md")
            .Should().Be($"# written by a person\n\n{Start}\nnew\n{MarkerSection.End}\nappended by the agent\n");
    }

    [Test]
    public void Merge_FileWithoutMarkers_KeepsItAsTheHead()
    {
        MarkerSection.Merge("# notes\n", ["new"], "CLAUDE.md").Should().Be($"# notes\n\n{Start}\nnew\n{MarkerSection.End}\n");
    }

    [Test]
    public void Merge_MarkersEmbeddedInTheSource_AreNotNested()
    {
        MarkerSection.Merge(null, [$"{Start}\nbody\n{MarkerSection.End}"], "CLAUDE.md").Should().Be($"{Start}\nbody\n{MarkerSection.End}\n");
    }

    [TestCase("two starts")]
    [TestCase("swapped")]
    public void Merge_BrokenMarkers_RefusesToOverwrite(string how)
    {
        var existing = how == "swapped"
            ? $"{MarkerSection.End}\nx\n{Start}\n"
            : $"{Start}\na\n{Start}\nb\n{MarkerSection.End}\n";

        var act = () => MarkerSection.Merge(existing, ["new"], "CLAUDE.md");

        act.Should().Throw<HomeMaterializationException>().WithMessage("*CLAUDE.md*refusing to overwrite*");
    }
}
