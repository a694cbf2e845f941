using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.ClaudeCode;

/// <summary>
/// What the real Claude Code binary (2.1.328) shows on its stream when the API fails, against the Anthropic API stand-in.
/// These are the signals the operator's stream reader classifies; a new binary that changes them fails here first.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ClaudeCodeFailureTests
{
    [Test]
    public async Task KeyRejected_Http401FromApiStandIn_RetriesWithAuthenticationFailedAndStaysAlive()
    {
        // Arrange
        var claude = ClaudeCodeBinary.Require();
        await using var api = await AnthropicStandIn.StartAsync(AnthropicStandInMode.Unauthorized);
        using var dir = new TempDirectory("claude");
        await using var agent = ClaudeCodeProcess.Start(claude, api, dir);

        // Act
        await agent.SendAsync("hello");
        var first = await agent.NextAsync(e => IsResult(e) || IsApiRetry(e));

        // Assert
        first["subtype"]!.GetValue<string>().Should().Be("api_retry", "a rejected key is retried, not ended: " + first.ToJsonString());
        ((string?)first["error"]).Should().Be("authentication_failed");
        ((int?)first["error_status"]).Should().Be(401);
        ((int?)first["attempt"]).Should().Be(1);
        ((int?)first["max_retries"]).Should().Be(10);
        agent.HasExited.Should().BeFalse("the process stays alive while it retries; only its stream says the key is bad");
        agent.Output.Should().NotContain(api.ApiKey);
    }

    [Test]
    public async Task RateLimited_Http429WithALongRetryAfter_EndsTheTurnWithAnErrorResultCarrying429()
    {
        // Arrange: the stand-in's reset is five minutes away (retry-after 300)
        var claude = ClaudeCodeBinary.Require();
        await using var api = await AnthropicStandIn.StartAsync(AnthropicStandInMode.RateLimited);
        using var dir = new TempDirectory("claude");
        await using var agent = ClaudeCodeProcess.Start(claude, api, dir);

        // Act
        await agent.SendAsync("hello");
        var assistant = await agent.NextAsync(e => (string?)e["type"] == "assistant");
        var result = await agent.NextResultAsync();

        // Assert
        ((string?)assistant["error"]).Should().Be("rate_limit");
        ((bool?)result["is_error"]).Should().BeTrue(result.ToJsonString());
        ((int?)result["api_error_status"]).Should().Be(429);
        ((string?)result["result"]).Should().StartWith("API Error: Request rejected (429)");
        api.MessageRequests.Should().Be(1, "this version does not retry a 429 whose retry-after is that long");
        agent.HasExited.Should().BeFalse("the session stays open for the next turn");
        agent.Output.Should().NotContain(api.ApiKey);
    }

    [Test]
    public async Task RateLimited_Http429WithAShortRetryAfter_RetriesWithRateLimitAfterTheServersDelay()
    {
        // Arrange: the binary retries a 429 whose retry-after is short (observed: 60 s retried, 120 s not), waiting that long; a long one (above) ends the turn.
        var claude = ClaudeCodeBinary.Require();
        await using var api = await AnthropicStandIn.StartAsync(AnthropicStandInMode.RateLimited, DateTimeOffset.UtcNow.AddSeconds(30));
        using var dir = new TempDirectory("claude");
        await using var agent = ClaudeCodeProcess.Start(claude, api, dir);

        // Act
        await agent.SendAsync("hello");
        var first = await agent.NextAsync(e => IsResult(e) || IsApiRetry(e));

        // Assert
        ((string?)first["subtype"]).Should().Be("api_retry", first.ToJsonString());
        ((string?)first["error"]).Should().Be("rate_limit");
        ((int?)first["error_status"]).Should().Be(429);
        // The stand-in's retry-after counts down to a fixed reset, so it is shorter when the binary starts slowly.
        api.LastRetryAfterSeconds.Should().BeGreaterThan(5, "the test needs a retry-after long enough to tell it from a default back-off");
        ((int?)first["retry_delay_ms"]).Should().BeGreaterThanOrEqualTo((api.LastRetryAfterSeconds - 1) * 1000, "the delay follows the server's retry-after (observed: retry-after plus up to a quarter)");
        agent.HasExited.Should().BeFalse();
        agent.Output.Should().NotContain(api.ApiKey);
    }

    [Test]
    public async Task Overloaded_Http529FromApiStandIn_RetriesWithOverloaded()
    {
        // Arrange
        var claude = ClaudeCodeBinary.Require();
        await using var api = await AnthropicStandIn.StartAsync(AnthropicStandInMode.Overloaded);
        using var dir = new TempDirectory("claude");
        await using var agent = ClaudeCodeProcess.Start(claude, api, dir);

        // Act
        await agent.SendAsync("hello");
        var first = await agent.NextAsync(e => IsResult(e) || IsApiRetry(e));

        // Assert
        ((string?)first["subtype"]).Should().Be("api_retry", first.ToJsonString());
        ((string?)first["error"]).Should().Be("overloaded");
        ((int?)first["error_status"]).Should().Be(529);
        agent.HasExited.Should().BeFalse();
    }

    [Test]
    public async Task StreamHangsMidMessage_ApiStandInNeverFinishes_NoResultWhileTheProcessStaysAlive()
    {
        // Arrange
        var claude = ClaudeCodeBinary.Require();
        await using var api = await AnthropicStandIn.StartAsync(AnthropicStandInMode.HangMidMessage);
        using var dir = new TempDirectory("claude");
        await using var agent = ClaudeCodeProcess.Start(claude, api, dir);

        // Act
        await agent.SendAsync("hello");
        await api.Hanging.WithTimeout();
        var waitForResult = () => agent.NextResultAsync(TimeSpan.FromSeconds(5));

        // Assert
        await waitForResult.Should().ThrowAsync<OperationCanceledException>("a hung stream gives no result: only a stall detector notices");
        agent.HasExited.Should().BeFalse("the process looks healthy to a pid check");
        api.MessageRequests.Should().Be(1);
    }

    private static bool IsResult(JsonNode e) => (string?)e["type"] == "result";

    private static bool IsApiRetry(JsonNode e) => (string?)e["type"] == "system" && (string?)e["subtype"] == "api_retry";
}
