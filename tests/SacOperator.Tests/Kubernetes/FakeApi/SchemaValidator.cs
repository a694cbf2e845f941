using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SacOperator.Tests.Kubernetes.FakeApi;

/// <summary>
/// What the API server does with a custom resource and its structural schema, for the keywords
/// our CRDs use: drop nulls, apply defaults, prune (or, when strict, report) unknown fields, and
/// check types, enums, bounds and required fields. Metadata is left to the server's own rules.
/// </summary>
public static class SchemaValidator
{
    public sealed record Result(IReadOnlyList<string> Errors, IReadOnlyList<string> UnknownFields);

    /// <summary>Defaults and prunes <paramref name="obj"/> in place; returns the problems found.</summary>
    public static Result Process(JsonObject schema, JsonObject obj)
    {
        var errors = new List<string>();
        var unknown = new List<string>();
        var properties = schema["properties"]?.AsObject() ?? [];
        foreach (var (key, value) in obj.ToList())
        {
            if (key is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            if (properties[key] is JsonObject child)
            {
                Walk(child, obj, key, value, key, errors, unknown);
            }
            else
            {
                unknown.Add(key);
                obj.Remove(key);
            }
        }

        return new Result(errors, unknown);
    }

    private static void Walk(JsonObject schema, JsonNode parent, string key, JsonNode? node, string path, List<string> errors, List<string> unknown)
    {
        if (node is null)
        {
            // Structural schemas drop nulls of non-nullable fields (and defaulting then applies).
            Remove(parent, key);
            return;
        }

        if (schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            if (node is not JsonValue v || (v.GetValueKind() != JsonValueKind.String && !IsInteger(v)))
            {
                errors.Add($"{path}: Invalid value: {Show(node)}: {path} in body must be of type int-or-string");
            }

            return;
        }

        var type = schema["type"]?.GetValue<string>();
        switch (type)
        {
            case "object" when node is JsonObject obj:
                WalkObject(schema, obj, path, errors, unknown);
                return;
            case "array" when node is JsonArray array:
                var items = schema["items"]?.AsObject();
                for (var i = 0; i < array.Count; i++)
                {
                    if (items is not null)
                    {
                        Walk(items, array, i.ToString(CultureInfo.InvariantCulture), array[i], $"{path}[{i}]", errors, unknown);
                    }
                }

                return;
            case "string" when node is JsonValue s && s.GetValueKind() == JsonValueKind.String:
                CheckEnum(schema, s, path, errors);
                return;
            case "integer" when node is JsonValue i && IsInteger(i):
            case "number" when node is JsonValue n && n.GetValueKind() == JsonValueKind.Number:
                CheckBounds(schema, (JsonValue)node, path, errors);
                return;
            case "boolean" when node is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return;
            case null:
                return;
            default:
                errors.Add($"{path}: Invalid value: \"{Kind(node)}\": {path} in body must be of type {type}: \"{Kind(node)}\"");
                return;
        }
    }

    private static void WalkObject(JsonObject schema, JsonObject obj, string path, List<string> errors, List<string> unknown)
    {
        var properties = schema["properties"]?.AsObject();
        var additional = schema["additionalProperties"] as JsonObject;
        foreach (var (key, value) in obj.ToList())
        {
            var childPath = $"{path}.{key}";
            var child = properties?[key] as JsonObject ?? additional;
            if (child is null)
            {
                if (schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() != true)
                {
                    unknown.Add(childPath);
                    obj.Remove(key);
                }

                continue;
            }

            Walk(child, obj, key, value, childPath, errors, unknown);
        }

        foreach (var (key, child) in properties ?? [])
        {
            if (!obj.ContainsKey(key) && child?["default"] is { } value)
            {
                obj[key] = value.DeepClone();
                Walk(child.AsObject(), obj, key, obj[key], $"{path}.{key}", errors, unknown);
            }
        }

        foreach (var required in schema["required"]?.AsArray() ?? [])
        {
            if (!obj.ContainsKey(required!.GetValue<string>()))
            {
                errors.Add($"{path}.{required}: Required value");
            }
        }
    }

    private static void CheckEnum(JsonObject schema, JsonValue value, string path, List<string> errors)
    {
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{path}: Unsupported value: {Show(value)}: supported values: {string.Join(", ", allowed.Select(Show))}");
        }
    }

    private static void CheckBounds(JsonObject schema, JsonValue value, string path, List<string> errors)
    {
        var number = value.GetValue<double>();
        if (schema["minimum"]?.GetValue<double>() is { } min && number < min)
        {
            errors.Add($"{path}: Invalid value: {Show(value)}: {path} in body should be greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}");
        }

        if (schema["maximum"]?.GetValue<double>() is { } max && number > max)
        {
            errors.Add($"{path}: Invalid value: {Show(value)}: {path} in body should be less than or equal to {max.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static bool IsInteger(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.Number && value.GetValue<double>() is var d && Math.Abs(d % 1) < double.Epsilon;

    private static string Kind(JsonNode node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => IsInteger(v) ? "integer" : "number",
            _ => "boolean",
        },
        _ => "null",
    };

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static void Remove(JsonNode parent, string key)
    {
        if (parent is JsonObject obj)
        {
            obj.Remove(key);
        }
    }
}
