using System.Text.Json;
using System.Text.Json.Nodes;

namespace SacOperator.Homes;

/// <summary>The two JSON merges of sac's home layers.</summary>
public static class HomeJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// <c>.mcp.json</c>: servers of every layer are kept (a union by name); a server defined in
    /// two layers is merged key by key with the higher layer winning; other top-level keys are
    /// taken from the highest layer that has them.
    /// </summary>
    public static JsonObject MergeMcp(JsonObject lower, JsonObject higher)
    {
        var result = (JsonObject)lower.DeepClone();
        foreach (var (key, value) in higher)
        {
            if (key == "mcpServers" && value is JsonObject servers && result["mcpServers"] is JsonObject existing)
            {
                foreach (var (name, server) in servers)
                {
                    existing[name] = existing[name] is JsonObject a && server is JsonObject b ? Overlay(a, b) : server?.DeepClone();
                }
            }
            else
            {
                result[key] = value?.DeepClone();
            }
        }

        return result;
    }

    /// <summary>
    /// <c>.claude/settings.json</c>: objects merge recursively, lists gain the items they lack,
    /// equal values agree; two layers setting one key to different values is an error naming both.
    /// </summary>
    public static JsonObject MergeSettings(IReadOnlyList<(string Layer, JsonObject Settings)> layers)
    {
        var result = new JsonObject();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (layer, settings) in layers)
        {
            Cascade(result, settings, "", layer, owners);
        }

        return result;
    }

    public static JsonObject Parse(string text, string what)
    {
        if (text.Trim().Length == 0)
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw new HomeMaterializationException($"{what} must hold a JSON object");
        }
        catch (JsonException e)
        {
            throw new HomeMaterializationException($"{what} is not valid JSON: {e.Message}");
        }
    }

    public static string Write(JsonObject value) => value.ToJsonString(Indented) + "\n";

    private static JsonObject Overlay(JsonObject lower, JsonObject higher)
    {
        var result = (JsonObject)lower.DeepClone();
        foreach (var (key, value) in higher)
        {
            result[key] = result[key] is JsonObject a && value is JsonObject b ? Overlay(a, b) : value?.DeepClone();
        }

        return result;
    }

    private static void Cascade(JsonObject into, JsonObject from, string path, string layer, Dictionary<string, string> owners)
    {
        foreach (var (key, value) in from)
        {
            var keyPath = path.Length == 0 ? key : $"{path}.{key}";
            var current = into[key];
            switch (current, value)
            {
                case (null, _) when !into.ContainsKey(key):
                    into[key] = value?.DeepClone();
                    owners[keyPath] = layer;
                    break;
                case (JsonObject a, JsonObject b):
                    Cascade(a, b, keyPath, layer, owners);
                    break;
                case (JsonArray a, JsonArray b):
                    foreach (var item in b.Where(item => !a.Any(existing => JsonNode.DeepEquals(existing, item))))
                    {
                        a.Add(item?.DeepClone());
                    }

                    break;
                default:
                    if (!JsonNode.DeepEquals(current, value))
                    {
                        throw new HomeMaterializationException(
                            $".claude/settings.json: '{keyPath}' is {current?.ToJsonString() ?? "null"} in the {owners.GetValueOrDefault(keyPath, "lower")} layer " +
                            $"and {value?.ToJsonString() ?? "null"} in the {layer} layer; layers may add settings but not change one another's");
                    }

                    break;
            }
        }
    }
}
