using System.Text.Json;
using System.Text.Json.Nodes;

namespace SacOperator.Operator.A2a;

/// <summary>
/// sac's <c>POST /v1/turn</c> body, <c>{"text": "…", "exit_after": false}</c>, read as strictly as
/// sac's sidecar reads it: <c>prompt</c> instead of <c>text</c>, a blank text or a body that is
/// not a JSON object is refused with the reason.
/// </summary>
public sealed record A2aTurnRequest(string Text, bool ExitAfter)
{
    /// <summary>Larger bodies are refused (413) before they are parsed.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static (A2aTurnRequest? Request, string? Problem) Parse(ReadOnlySpan<byte> body)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            return (null, $"the body is not JSON: {e.Message}");
        }

        if (node is not JsonObject json)
        {
            return (null, "the body must be a JSON object such as {\"text\": \"…\"}");
        }

        if (!json.ContainsKey("text") && json.ContainsKey("prompt"))
        {
            return (null, "the field is \"text\", not \"prompt\"");
        }

        if (json["text"] is not JsonValue value || !value.TryGetValue<string>(out var text) || string.IsNullOrWhiteSpace(text))
        {
            return (null, "\"text\" is required: a string that is not blank");
        }

        var exitAfter = false;
        if (json["exit_after"] is { } flag && !(flag is JsonValue v && v.TryGetValue(out exitAfter)))
        {
            return (null, "\"exit_after\" must be true or false");
        }

        return (new A2aTurnRequest(text, exitAfter), null);
    }
}
