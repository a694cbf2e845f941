using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.ClaudeCode;

/// <summary>The real Claude Code binary against the Anthropic API stand-in: long-lived stream-json sessions over a named pipe.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ClaudeCodeStreamJsonTests
{
    [Test]
    public async Task StreamJsonOverFifo_TwoTurnsAgainstApiStandIn_AnswersEachWithAResultInOneSession()
    {
        // Arrange
        var claude = ClaudeCodeBinary.Require();
        await using var api = await AnthropicStandIn.StartAsync();
        using var dir = new TempDirectory("claude");
        await using var agent = ClaudeCodeProcess.Start(claude, api, dir);

        // Act
        await agent.SendAsync("first turn");
        var first = await agent.NextResultAsync();
        await agent.SendAsync("second turn");
        var second = await agent.NextResultAsync();
        var exitCode = await agent.CloseInputAndWaitAsync();

        // Assert
        ((bool?)first["is_error"]).Should().BeFalse(first.ToJsonString());
        ((string?)first["result"]).Should().Be("echo: first turn");
        ((string?)second["result"]).Should().Be("echo: second turn");
        ((string?)second["session_id"]).Should().NotBeNullOrEmpty().And.Be((string?)first["session_id"]);
        exitCode.Should().Be(0, agent.Stderr);
        TestContext.Out.WriteLine("requests the CLI made: " + string.Join(", ", api.Requests));
        string.Join("\n", agent.Lines).Should().NotContain(api.ApiKey);
        agent.Stderr.Should().NotContain(api.ApiKey);
    }
}
