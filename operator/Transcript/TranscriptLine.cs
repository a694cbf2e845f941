using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SacOperator.Operator.Transcript;

/// <summary>
/// One session.jsonl line for people: a stream-json event becomes one line (who, then what);
/// anything else — plain output of a non-Claude agent, a partial line — is returned unchanged.
/// </summary>
public static class TranscriptLine
{
    public const int MaxDetail = 200;

    public static string Render(string line)
    {
        if (line.Length == 0 || line[0] != '{')
        {
            return line;
        }

        try
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            return Str(e, "type") is { } type ? RenderEvent(type, e) ?? line : line;
        }
        catch (JsonException)
        {
            return line;
        }
    }

    private static string? RenderEvent(string type, JsonElement e) => type switch
    {
        "system" when Str(e, "subtype") == "init" => $"[init] session {Str(e, "session_id") ?? "?"}, model {Str(e, "model") ?? "?"}",
        "system" => $"[system] {Str(e, "subtype") ?? "event"}{Detail(e, "error")}",
        "user" => Message("user", e),
        "assistant" => Message("assistant", e),
        "result" => Result(e),
        _ => $"[{type}]{Detail(e, "subtype")}",
    };

    private static string Message(string who, JsonElement e)
    {
        if (!e.TryGetProperty("message", out var message) || !message.TryGetProperty("content", out var content))
        {
            return $"{who}: (no content)";
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return $"{who}: {OneLine(content.GetString()!)}";
        }

        var parts = new List<string>();
        foreach (var block in content.ValueKind == JsonValueKind.Array ? content.EnumerateArray() : Enumerable.Empty<JsonElement>())
        {
            parts.Add(Str(block, "type") switch
            {
                "text" => $"{who}: {OneLine(Str(block, "text") ?? "")}",
                "thinking" => $"{who} (thinking): {Clip(OneLine(Str(block, "thinking") ?? ""))}",
                "tool_use" => $"tool call {Str(block, "name") ?? "?"} {Clip(block.TryGetProperty("input", out var input) ? input.GetRawText() : "")}",
                "tool_result" => $"{(block.TryGetProperty("is_error", out var err) && err.ValueKind == JsonValueKind.True ? "tool error" : "tool result")}: {Clip(OneLine(ToolText(block)))}",
                var other => $"{who}: [{other ?? "block"}]",
            });
        }

        return parts.Count > 0 ? string.Join(" | ", parts) : $"{who}: (no content)";
    }

    private static string Result(JsonElement e)
    {
        var error = e.TryGetProperty("is_error", out var isError) && isError.ValueKind == JsonValueKind.True;
        var facts = new List<string> { Str(e, "subtype") ?? "done" };
        if (e.TryGetProperty("num_turns", out var turns) && turns.ValueKind == JsonValueKind.Number)
        {
            facts.Add($"{turns.GetInt32()} turns");
        }

        if (e.TryGetProperty("total_cost_usd", out var cost) && cost.ValueKind == JsonValueKind.Number)
        {
            facts.Add("$" + cost.GetDouble().ToString("0.####", CultureInfo.InvariantCulture));
        }

        if (e.TryGetProperty("duration_ms", out var ms) && ms.ValueKind == JsonValueKind.Number)
        {
            facts.Add((ms.GetDouble() / 1000).ToString("0.0", CultureInfo.InvariantCulture) + "s");
        }

        var text = Str(e, "result") is { } r ? ": " + OneLine(r) : "";
        return $"{(error ? "error" : "result")} ({string.Join(", ", facts)}){text}";
    }

    private static string ToolText(JsonElement block)
    {
        if (!block.TryGetProperty("content", out var content))
        {
            return "";
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        var text = new StringBuilder();
        foreach (var part in content.ValueKind == JsonValueKind.Array ? content.EnumerateArray() : Enumerable.Empty<JsonElement>())
        {
            text.Append(Str(part, "text")).Append(' ');
        }

        return text.ToString().TrimEnd();
    }

    private static string Detail(JsonElement e, string field) => Str(e, field) is { } value ? " " + OneLine(value) : "";

    private static string? Str(JsonElement e, string field) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string OneLine(string text) => text.ReplaceLineEndings(" ⏎ ").Trim();

    private static string Clip(string text) => text.Length <= MaxDetail ? text : text[..MaxDetail] + "…";
}
