using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.ClaudeCode;

/// <summary>Session identity of the real Claude Code binary across processes, against the Anthropic API stand-in.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ClaudeCodeResumeTests
{
    [Test]
    public async Task Resume_SecondProcessWithResumeOfAChosenSessionId_ContinuesTheSameConversation()
    {
        // Arrange
        var claude = ClaudeCodeBinary.Require();
        await using var api = await AnthropicStandIn.StartAsync();
        using var dir = new TempDirectory("claude");
        var sessionId = Guid.NewGuid().ToString();
        JsonNode firstResult;
        await using (var first = ClaudeCodeProcess.Start(claude, api, dir, "--session-id", sessionId))
        {
            await first.SendAsync("remember the word apricot");
            firstResult = await first.NextResultAsync();
            (await first.CloseInputAndWaitAsync()).Should().Be(0, first.Stderr);
        }

        // Act
        await using var second = ClaudeCodeProcess.Start(claude, api, dir, "--resume", sessionId);
        await second.SendAsync("what was the word?");
        var secondResult = await second.NextResultAsync();

        // Assert
        ((string?)firstResult["session_id"]).Should().Be(sessionId);
        ((string?)secondResult["session_id"]).Should().Be(sessionId, "--resume continues the session under its id");
        ((string?)secondResult["result"]).Should().Be("echo: what was the word?");
        var resumedRequest = api.MessageBodies[^1].ToJsonString();
        resumedRequest.Should().Contain("remember the word apricot", "the resumed process sends the earlier conversation to the API");
        resumedRequest.Should().Contain("echo: remember the word apricot");
        second.Output.Should().NotContain(api.ApiKey);
    }
}
