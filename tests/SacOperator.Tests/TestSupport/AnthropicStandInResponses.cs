using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SacOperator.Tests.TestSupport;

/// <summary>
/// The wire shapes of the Anthropic Messages API that <see cref="AnthropicStandIn"/> speaks: the error body
/// (<c>{"type":"error","error":{"type","message"},"request_id"}</c>) and the server-sent event stream
/// <c>message_start</c>, <c>content_block_start</c>, <c>ping</c>, <c>content_block_delta</c> (<c>text_delta</c>),
/// <c>content_block_stop</c>, <c>message_delta</c> (stop_reason, usage), <c>message_stop</c>.
/// </summary>
public static class AnthropicStandInResponses
{
    public static async Task WriteErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
            ["request_id"] = NewId("req_"),
        };
        await context.Response.WriteAsync(body.ToJsonString());
    }

    /// <summary>The whole reply at once, for a request without <c>"stream": true</c>.</summary>
    public static async Task WriteMessageAsync(HttpContext context, string model, string text, int inputTokens)
    {
        context.Response.ContentType = "application/json";
        var message = Message(model, inputTokens, OutputTokens(text));
        message["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text });
        message["stop_reason"] = "end_turn";
        await context.Response.WriteAsync(message.ToJsonString());
    }

    /// <summary>
    /// Streams <paramref name="text"/> as one text block in two deltas. With <paramref name="hang"/> it stops after the
    /// first delta and holds the stream open until <paramref name="hold"/> is cancelled, calling <paramref name="hanging"/> first.
    /// </summary>
    public static async Task StreamMessageAsync(HttpContext context, string model, string text, int inputTokens, bool hang, Action hanging, CancellationToken hold)
    {
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        var cut = text.Length / 2;
        await EventAsync(context, "message_start", new JsonObject { ["type"] = "message_start", ["message"] = Message(model, inputTokens, 1) });
        await EventAsync(context, "content_block_start", new JsonObject
        {
            ["type"] = "content_block_start",
            ["index"] = 0,
            ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" },
        });
        await EventAsync(context, "ping", new JsonObject { ["type"] = "ping" });
        await EventAsync(context, "content_block_delta", TextDelta(text[..cut]));
        if (hang)
        {
            hanging();
            var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (hold.Register(() => released.TrySetResult()))
            {
                await released.Task;
            }

            return;
        }

        await EventAsync(context, "content_block_delta", TextDelta(text[cut..]));
        await EventAsync(context, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
        await EventAsync(context, "message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = "end_turn", ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = OutputTokens(text) },
        });
        await EventAsync(context, "message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    /// <summary>The text of the last text block of the last user message, or "" when there is none.</summary>
    public static string LastUserText(JsonNode? request)
    {
        var last = request?["messages"]?.AsArray().LastOrDefault(m => (string?)m?["role"] == "user");
        return last?["content"] switch
        {
            JsonValue value when value.TryGetValue<string>(out var s) => s,
            JsonArray blocks => blocks.LastOrDefault(b => (string?)b?["type"] == "text")?["text"]?.GetValue<string>() ?? "",
            _ => "",
        };
    }

    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..24];

    private static JsonObject Message(string model, int inputTokens, int outputTokens) => new()
    {
        ["id"] = NewId("msg_"),
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = model,
        ["content"] = new JsonArray(),
        ["stop_reason"] = null,
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject
        {
            ["input_tokens"] = inputTokens,
            ["cache_creation_input_tokens"] = 0,
            ["cache_read_input_tokens"] = 0,
            ["output_tokens"] = outputTokens,
        },
    };

    private static JsonObject TextDelta(string text) => new()
    {
        ["type"] = "content_block_delta",
        ["index"] = 0,
        ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = text },
    };

    private static int OutputTokens(string text) => Math.Max(1, text.Length / 4);

    private static async Task EventAsync(HttpContext context, string name, JsonObject data)
    {
        var frame = $"event: {name}\ndata: {data.ToJsonString(new JsonSerializerOptions { WriteIndented = false })}\n\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame));
        await context.Response.Body.FlushAsync();
    }
}
