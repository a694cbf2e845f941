using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Homes;
using SacOperator.Model;

namespace SacOperator.Tests.Homes;

/// <summary>sac's merge rules for home layers, on in-memory layers (the planner reads no files).</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class HomePlannerTests
{
    private static HomeSourceFile File(string path, string? text = null, bool executable = false) =>
        new(path, "/src/" + path, executable, HomePlanner.NeedsText(path) ? text ?? "" : null);

    private static HomeLayerContent Layer(string name, params HomeSourceFile[] files) => new(name, [], files);

    private static HomePlan Plan(params HomeLayerContent[] layers) => HomePlanner.Plan(layers, _ => null);

    private static HomeWrite Write(HomePlan plan, string path) => plan.Writes.Single(w => w.RelativePath == path);

    [Test]
    public void Plan_PlainFiles_HigherLayerWinsAndExecutableBitSurvives()
    {
        var plan = Plan(
            Layer(HomeLayerNames.ProjectShared, File(".claude/commands/a.md"), File(".claude/hooks/h.sh", executable: true)),
            Layer(HomeLayerNames.PerAgent, File(".claude/commands/a.md")));

        plan.Writes.Select(w => (w.RelativePath, w.CopyFrom)).Should().Equal(
            (".claude/commands/a.md", "/src/.claude/commands/a.md"), (".claude/hooks/h.sh", "/src/.claude/hooks/h.sh"));
        Write(plan, ".claude/hooks/h.sh").Mode.HasFlag(UnixFileMode.UserExecute).Should().BeTrue();
    }

    [Test]
    public void Plan_McpJson_KeepsEveryLayersServersAndMergesSharedOnes()
    {
        var plan = Plan(
            Layer(HomeLayerNames.ProjectShared, File(".mcp.json", """{"mcpServers": {"a": {"command": "a", "args": ["-x"]}, "b": {"command": "b"}}}""")),
            Layer(HomeLayerNames.PerAgent, File(".mcp.json", """{"mcpServers": {"a": {"args": ["-y"]}, "c": {"command": "c"}}}""")));

        var servers = JsonNode.Parse(Write(plan, ".mcp.json").Text!)!["mcpServers"]!.AsObject();
        servers.Select(s => s.Key).Should().Equal("a", "b", "c");
        servers["a"]!.ToJsonString().Should().Be("""{"command":"a","args":["-y"]}""");
    }

    [Test]
    public void Plan_Settings_CascadeEveryLayerIncludingTheUserWideOne()
    {
        var plan = Plan(
            Layer(HomeLayerNames.UserShared, File(".claude/settings.json", """{"permissions": {"allow": ["A"]}}"""), File("CLAUDE.md", "user-wide")),
            Layer(HomeLayerNames.ProjectShared, File(".claude/settings.local.json", """{"permissions": {"allow": ["B"]}}""")),
            Layer(HomeLayerNames.PerAgent, File(".claude/settings.json", """{"permissions": {"allow": ["A", "C"]}, "model": "opus"}""")));

        JsonNode.Parse(Write(plan, ".claude/settings.json").Text!)!.ToJsonString()
            .Should().Be("""{"permissions":{"allow":["A","B","C"]},"model":"opus"}""");
        plan.Writes.Should().NotContain(w => w.RelativePath == "CLAUDE.md", "the user-wide layer contributes only settings, as in sac");
    }

    [Test]
    public void Plan_SettingsChangingAnotherLayersValue_IsAnErrorNamingBothLayers()
    {
        var act = () => Plan(
            Layer(HomeLayerNames.ProjectShared, File(".claude/settings.json", """{"model": "opus"}""")),
            Layer(HomeLayerNames.PerAgent, File(".claude/settings.json", """{"model": "sonnet"}""")));

        act.Should().Throw<HomeMaterializationException>().WithMessage("*'model'*project-shared*per-agent*");
    }

    [Test]
    public void Plan_EnvFile_IsPrivateAndBecomesTheEnvironment()
    {
        var plan = Plan(Layer(HomeLayerNames.PerAgent, File(".env", "# c\nexport A=1\nB='two words'\nnot a line")));

        Write(plan, ".env").Mode.Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        plan.Environment.Should().BeEquivalentTo(new Dictionary<string, string> { ["A"] = "1", ["B"] = "two words" });
    }

    [Test]
    public void Plan_CredentialsInALayer_AreRefused()
    {
        var act = () => Plan(Layer(HomeLayerNames.PerAgent, File(".claude/.credentials.json")));

        act.Should().Throw<HomeMaterializationException>().WithMessage("*.credentials.json*");
    }

    [Test]
    public void Plan_InvalidMcpJson_NamesTheLayerAndFile()
    {
        var act = () => Plan(Layer(HomeLayerNames.PerAgent, File(".mcp.json", "{ not json")));

        act.Should().Throw<HomeMaterializationException>().WithMessage("per-agent layer .mcp.json is not valid JSON*");
    }
}
