using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.ClaudeCode;

/// <summary>The Anthropic API stand-in itself is as strict as the real API, so a client that works against it sends what the real one needs.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class AnthropicStandInTests
{
    private const string Body = """{"model":"m","max_tokens":16,"stream":true,"messages":[{"role":"user","content":"hi there"}]}""";

    [Test]
    public async Task ApiStandIn_RequestWithoutApiKey_Answers401AuthenticationError()
    {
        await using var api = await AnthropicStandIn.StartAsync();
        using var http = new HttpClient();

        using var response = await http.SendAsync(Messages(api, key: null, version: "2023-06-01"));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await ErrorTypeAsync(response)).Should().Be("authentication_error");
    }

    [Test]
    public async Task ApiStandIn_RequestWithoutAnthropicVersion_Answers400InvalidRequest()
    {
        await using var api = await AnthropicStandIn.StartAsync();
        using var http = new HttpClient();

        using var response = await http.SendAsync(Messages(api, api.ApiKey, version: null));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorTypeAsync(response)).Should().Be("invalid_request_error");
    }

    [Test]
    public async Task ApiStandIn_UnknownPath_Answers404NotFoundError()
    {
        await using var api = await AnthropicStandIn.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(api.BaseUrl + "/v1/nothing-here");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ErrorTypeAsync(response)).Should().Be("not_found_error");
        api.Requests.Should().ContainSingle(r => r.Target == "/v1/nothing-here" && r.Status == 404);
    }

    [Test]
    public async Task ApiStandIn_StreamingRequest_SendsTheMessageEventsInOrderEchoingThePrompt()
    {
        await using var api = await AnthropicStandIn.StartAsync();
        using var http = new HttpClient();

        using var response = await http.SendAsync(Messages(api, api.ApiKey, "2023-06-01"));
        var text = await response.Content.ReadAsStringAsync();

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var events = text.Split('\n').Where(l => l.StartsWith("event: ", StringComparison.Ordinal)).Select(l => l["event: ".Length..]);
        events.Should().Equal("message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta",
            "content_block_stop", "message_delta", "message_stop");
        var deltas = text.Split('\n').Where(l => l.Contains("text_delta", StringComparison.Ordinal))
            .Select(l => (string)JsonNode.Parse(l["data: ".Length..])!["delta"]!["text"]!);
        string.Concat(deltas).Should().Be("echo: hi there");
        text.Should().Contain("\"stop_reason\":\"end_turn\"");
        api.MessageRequests.Should().Be(1);
    }

    [Test]
    public async Task ApiStandIn_RateLimitedMode_Answers429WithRetryAfterAndTheResetTime()
    {
        var reset = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(7).ToUnixTimeSeconds());
        await using var api = await AnthropicStandIn.StartAsync(AnthropicStandInMode.RateLimited, reset);
        using var http = new HttpClient();

        using var response = await http.SendAsync(Messages(api, api.ApiKey, "2023-06-01"));

        response.StatusCode.Should().Be((HttpStatusCode)429);
        (await ErrorTypeAsync(response)).Should().Be("rate_limit_error");
        response.Headers.RetryAfter!.Delta.Should().BeCloseTo(TimeSpan.FromMinutes(7), TimeSpan.FromSeconds(30));
        response.Headers.GetValues("anthropic-ratelimit-unified-reset").Single().Should().Be(reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        DateTimeOffset.Parse(response.Headers.GetValues("anthropic-ratelimit-requests-reset").Single(), System.Globalization.CultureInfo.InvariantCulture).Should().Be(reset);
    }

    [Test]
    public async Task ApiStandIn_ModeSwitchedAtRunTime_AnswersInTheNewMode()
    {
        await using var api = await AnthropicStandIn.StartAsync();
        using var http = new HttpClient();

        api.Mode = AnthropicStandInMode.Overloaded;
        using var response = await http.SendAsync(Messages(api, api.ApiKey, "2023-06-01"));

        ((int)response.StatusCode).Should().Be(529);
        (await ErrorTypeAsync(response)).Should().Be("overloaded_error");
    }

    private static HttpRequestMessage Messages(AnthropicStandIn api, string? key, string? version)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, api.BaseUrl + "/v1/messages?beta=true")
        {
            Content = new StringContent(Body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (key is not null)
        {
            request.Headers.Add("x-api-key", key);
        }

        if (version is not null)
        {
            request.Headers.Add("anthropic-version", version);
        }

        return request;
    }

    private static async Task<string?> ErrorTypeAsync(HttpResponseMessage response) =>
        (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["error"]?["type"];
}
