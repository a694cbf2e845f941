using System.Text.Json;

namespace SacOperator.Sessions;

/// <summary>
/// Reads one stream-json line. Never throws: a line that is not a JSON object with a string
/// <c>type</c> yields <c>null</c> (the caller counts it as malformed); unknown fields are ignored and
/// a field of an unexpected JSON kind reads as absent.
/// </summary>
public static class StreamEventParser
{
    public static StreamEvent? Parse(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return Read(doc.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static StreamEvent? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || Str(root, "type") is not { } type)
        {
            return null;
        }

        var message = Obj(root, "message");
        var rateLimit = Obj(root, "rate_limit_info");
        return new StreamEvent
        {
            Type = type,
            Subtype = Str(root, "subtype"),
            SessionId = Str(root, "session_id"),
            Model = Str(root, "model") ?? (type == "assistant" && message is { } m ? Str(m, "model") : null),
            Error = Str(root, "error"),
            IsError = root.TryGetProperty("is_error", out var e) && e.ValueKind == JsonValueKind.True,
            ErrorStatus = Int(root, "api_error_status") ?? Int(root, "error_status"),
            ResultText = type == "result" ? Str(root, "result") : null,
            TotalCostUsd = Dec(root, "total_cost_usd"),
            Usage = Usage(Obj(root, "usage") ?? (message is { } mu ? Obj(mu, "usage") : null)),
            Attempt = Int(root, "attempt"),
            MaxRetries = Int(root, "max_retries"),
            RetryDelayMs = Long(root, "retry_delay_ms"),
            IsPrompt = type == "user" && message is { } um && IsPrompt(um),
            RateLimitResetsAt = rateLimit is { } r && Long(r, "resetsAt") is { } at ? DateTimeOffset.FromUnixTimeSeconds(at) : null,
            RateLimitUtilization = rateLimit is { } u && u.TryGetProperty("utilization", out var ut) && ut.ValueKind == JsonValueKind.Number ? ut.GetDouble() : null,
        };
    }

    /// <summary>A prompt is text (a string or text blocks); tool results come back as tool_result blocks.</summary>
    private static bool IsPrompt(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return false;
        }

        return content.ValueKind == JsonValueKind.String
            || (content.ValueKind == JsonValueKind.Array && content.EnumerateArray().Any(b => b.ValueKind == JsonValueKind.Object && Str(b, "type") == "text"));
    }

    private static TokenUsage? Usage(JsonElement? usage) => usage is { } u
        ? new TokenUsage
        {
            Input = Long(u, "input_tokens") ?? 0,
            Output = Long(u, "output_tokens") ?? 0,
            CacheCreation = Long(u, "cache_creation_input_tokens") ?? 0,
            CacheRead = Long(u, "cache_read_input_tokens") ?? 0,
        }
        : null;

    private static JsonElement? Obj(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;

    private static decimal? Dec(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var n) ? n : null;
}
