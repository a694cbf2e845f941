using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Runtime;

namespace SacOperator.Tests.Agents;

[TestFixture]
public sealed class AgentCommandTests
{
    [Test]
    public void Build_NoCommand_RunsClaudeCodeHeadlessWithStreamJson()
    {
        var spec = new AgentSpec { Claude = new ClaudeSpec { Model = "sonnet", Flags = ["--dangerously-skip-permissions"] } };

        AgentCommand.Build(spec).Should().Equal(
            "claude", "-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose",
            "--model", "sonnet", "--dangerously-skip-permissions");
    }

    [Test]
    public void Build_ResumeSession_PassesTheSessionId()
    {
        var id = "0f9b2c1e-6a45-4c1d-9d8e-2b7f3a4c5d6e";
        var spec = new AgentSpec { Claude = new ClaudeSpec { Session = ClaudeSessions.Resume, ResumeId = id } };

        AgentCommand.Build(spec).Should().ContainInOrder("--resume", id);
    }

    [Test]
    public void Build_ExplicitCommand_IsUsedVerbatim()
    {
        AgentCommand.Build(new AgentSpec { Command = ["python3", "-m", "agent", "a b"] }).Should().Equal("python3", "-m", "agent", "a b");
    }

    [Test]
    public void PromptLines_EachPromptIsOneStreamJsonUserMessage()
    {
        var lines = AgentCommand.PromptLines(["first \"quoted\"", "second\nline"]).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Should().HaveCount(2);
        using var doc = JsonDocument.Parse(lines[1]);
        doc.RootElement.GetProperty("type").GetString().Should().Be("user");
        doc.RootElement.GetProperty("message").GetProperty("role").GetString().Should().Be("user");
        doc.RootElement.GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString().Should().Be("second\nline");
    }
}
