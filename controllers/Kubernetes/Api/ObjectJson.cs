using System.Text.Json.Nodes;

namespace SacOperator.Kubernetes.Api;

/// <summary>Reads the metadata of an object kept as JSON (objects stay unstructured until the model reader maps them).</summary>
public static class ObjectJson
{
    public static string? Name(JsonObject o) => Metadata(o, "name");

    public static string? Namespace(JsonObject o) => Metadata(o, "namespace");

    public static string? ResourceVersion(JsonObject o) => Metadata(o, "resourceVersion");

    public static string? Uid(JsonObject o) => Metadata(o, "uid");

    public static bool IsDeleting(JsonObject o) => Metadata(o, "deletionTimestamp") is not null;

    public static long Generation(JsonObject o) =>
        o["metadata"]?["generation"] is JsonValue v && v.TryGetValue<long>(out var g) ? g : 0;

    public static IReadOnlyList<string> Finalizers(JsonObject o) =>
        o["metadata"]?["finalizers"] is JsonArray list
            ? [.. list.Select(f => f?.GetValue<string>()).OfType<string>()]
            : [];

    /// <summary>A string at a dotted path (<c>spec.host</c>), or null when absent or not a string.</summary>
    public static string? String(JsonObject o, string path)
    {
        JsonNode? node = o;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject obj ? obj[part] : null;
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }

    private static string? Metadata(JsonObject o, string field) =>
        o["metadata"]?[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
