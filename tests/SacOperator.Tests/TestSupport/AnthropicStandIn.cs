using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SacOperator.Tests.TestSupport;

/// <summary>
/// A STAND-IN for the Anthropic Messages API on loopback, for running the real Claude Code binary offline
/// (reached through <c>ANTHROPIC_BASE_URL</c>). Strict like the real API: a request without <c>x-api-key</c>
/// (or a bearer token), or with a key other than <see cref="ApiKey"/>, gets 401 <c>authentication_error</c>; one
/// without <c>anthropic-version</c> gets 400 <c>invalid_request_error</c>; unknown paths get 404 <c>not_found_error</c>.
/// Every request is recorded (<see cref="Requests"/>), without the key.
/// </summary>
public sealed class AnthropicStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<AnthropicStandInRequest> _requests = new();
    private readonly TaskCompletionSource _hanging = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _mode;
    private int _messageRequests;
    private int _lastRetryAfter;

    private AnthropicStandIn(WebApplication app, string apiKey)
    {
        _app = app;
        ApiKey = apiKey;
        AlternateKey = apiKey + "-alternate";
    }

    /// <summary>A dummy key, new per instance; tests check it never shows up in any output.</summary>
    public string ApiKey { get; }

    /// <summary>
    /// A second valid key, of another organisation: its requests are answered normally whatever the
    /// mode (the real API limits and revokes per organisation and key), as a second account with quota left.
    /// </summary>
    public string AlternateKey { get; }

    /// <summary>The value for <c>ANTHROPIC_BASE_URL</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public AnthropicStandInMode Mode
    {
        get => (AnthropicStandInMode)Volatile.Read(ref _mode);
        set => Volatile.Write(ref _mode, (int)value);
    }

    /// <summary>When the rate limit of <see cref="AnthropicStandInMode.RateLimited"/> resets (sent in its headers).</summary>
    public DateTimeOffset RateLimitReset { get; private init; }

    /// <summary>How many <c>POST /v1/messages</c> requests arrived (any mode).</summary>
    public int MessageRequests => Volatile.Read(ref _messageRequests);

    /// <summary>The <c>retry-after</c> seconds of the last 429 sent (0 before any): it shrinks as the reset nears.</summary>
    public int LastRetryAfterSeconds => Volatile.Read(ref _lastRetryAfter);

    public IReadOnlyList<AnthropicStandInRequest> Requests => [.. _requests];

    /// <summary>Completes when a stream in <see cref="AnthropicStandInMode.HangMidMessage"/> has sent its partial message.</summary>
    public Task Hanging => _hanging.Task;

    /// <summary>The JSON bodies of the <c>POST /v1/messages</c> requests, in arrival order.</summary>
    public IReadOnlyList<JsonNode> MessageBodies =>
        [.. Requests.Where(r => r.Method == "POST" && r.Target.StartsWith("/v1/messages", StringComparison.Ordinal) && r.Body.Length > 0)
            .Select(r => JsonNode.Parse(r.Body)!)];

    /// <param name="rateLimitReset">the reset time sent in rate-limited mode; five minutes from now when not given.</param>
    public static async Task<AnthropicStandIn> StartAsync(AnthropicStandInMode mode = AnthropicStandInMode.Normal, DateTimeOffset? rateLimitReset = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var standIn = new AnthropicStandIn(app, "sk-ant-standin-" + Guid.NewGuid().ToString("N")) {
            Mode = mode,
            RateLimitReset = rateLimitReset ?? DateTimeOffset.UtcNow.AddMinutes(5),
        };
        app.Run(standIn.HandleAsync);
        await app.StartAsync().WithTimeout();
        BindAddress(standIn, app);
        return standIn;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync().WithTimeout();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private static void BindAddress(AnthropicStandIn standIn, WebApplication app) =>
        standIn.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = "";
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(request.Body);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var target = request.Path.Value + request.QueryString.Value;
        var isMessages = request.Method == "POST" && request.Path == "/v1/messages";
        if (isMessages)
        {
            Interlocked.Increment(ref _messageRequests);
        }

        // Recorded when the answer is chosen, so a hanging stream is in the log while it hangs.
        context.Response.OnStarting(() =>
        {
            _requests.Enqueue(new AnthropicStandInRequest { Method = request.Method, Target = target, Status = context.Response.StatusCode, Body = body });
            return Task.CompletedTask;
        });
        context.Response.Headers["request-id"] = AnthropicStandInResponses.NewId("req_");

        // Reachability probes: HEAD / and, seen from this binary without CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC, HEAD /api/hello.
        if ((request.Path == "/" || request.Path == "/api/hello") && (request.Method == "HEAD" || request.Method == "GET"))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        if (!isMessages && !(request.Method == "POST" && request.Path == "/v1/messages/count_tokens"))
        {
            await AnthropicStandInResponses.WriteErrorAsync(context, 404, "not_found_error", "Not Found");
            return;
        }

        if (!Authenticated(request, out var missing))
        {
            await AnthropicStandInResponses.WriteErrorAsync(context, 401, "authentication_error", missing ? "x-api-key header is required" : "invalid x-api-key");
            return;
        }

        if (string.IsNullOrEmpty(request.Headers["anthropic-version"]))
        {
            await AnthropicStandInResponses.WriteErrorAsync(context, 400, "invalid_request_error", "anthropic-version: header is required");
            return;
        }

        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            await AnthropicStandInResponses.WriteErrorAsync(context, 400, "invalid_request_error", "There was an error parsing the body of your request");
            return;
        }

        if (!isMessages)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"input_tokens\":" + Math.Max(1, body.Length / 4) + "}");
            return;
        }

        await AnswerMessagesAsync(context, json, body.Length, KeyOf(request) == AlternateKey ? AnthropicStandInMode.Normal : Mode);
    }

    private async Task AnswerMessagesAsync(HttpContext context, JsonNode? json, int bodyLength, AnthropicStandInMode mode)
    {
        switch (mode)
        {
            case AnthropicStandInMode.Unauthorized:
                await AnthropicStandInResponses.WriteErrorAsync(context, 401, "authentication_error", "invalid x-api-key");
                return;
            case AnthropicStandInMode.RateLimited:
                WriteRateLimitHeaders(context.Response);
                await AnthropicStandInResponses.WriteErrorAsync(context, 429, "rate_limit_error",
                    "This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.");
                return;
            case AnthropicStandInMode.Overloaded:
                await AnthropicStandInResponses.WriteErrorAsync(context, 529, "overloaded_error", "Overloaded");
                return;
        }

        var model = (string?)json?["model"] ?? "claude-standin";
        var reply = "echo: " + AnthropicStandInResponses.LastUserText(json);
        if (json?["stream"]?.GetValue<bool>() != true)
        {
            await AnthropicStandInResponses.WriteMessageAsync(context, model, reply, Math.Max(1, bodyLength / 4));
            return;
        }

        using var hold = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted);
        await AnthropicStandInResponses.StreamMessageAsync(context, model, reply, Math.Max(1, bodyLength / 4),
            mode == AnthropicStandInMode.HangMidMessage, () => _hanging.TrySetResult(), hold.Token);
    }

    private bool Authenticated(HttpRequest request, out bool missing)
    {
        var key = KeyOf(request);
        missing = key.Length == 0;
        return key == ApiKey || key == AlternateKey;
    }

    private static string KeyOf(HttpRequest request)
    {
        var key = request.Headers["x-api-key"].ToString();
        var authorization = request.Headers.Authorization.ToString();
        return key.Length == 0 && authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : key;
    }

    private void WriteRateLimitHeaders(HttpResponse response)
    {
        var reset = RateLimitReset.ToUniversalTime();
        var retryAfter = Math.Max(1, (int)Math.Ceiling((reset - DateTimeOffset.UtcNow).TotalSeconds));
        Volatile.Write(ref _lastRetryAfter, retryAfter);
        response.Headers["retry-after"] = retryAfter.ToString(CultureInfo.InvariantCulture);
        response.Headers["anthropic-ratelimit-requests-limit"] = "50";
        response.Headers["anthropic-ratelimit-requests-remaining"] = "0";
        response.Headers["anthropic-ratelimit-requests-reset"] = reset.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        response.Headers["anthropic-ratelimit-unified-status"] = "rejected";
        response.Headers["anthropic-ratelimit-unified-reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    }
}
