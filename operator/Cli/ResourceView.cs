using System.Text.Json.Nodes;
using SacOperator.Model;
using SacOperator.State;

namespace SacOperator.Operator.Cli;

/// <summary>A state-DB row as a Kubernetes-shaped object (apiVersion, kind, metadata, spec, status), secrets masked.</summary>
public static class ResourceView
{
    public static JsonObject ToObject(ResourceRow row)
    {
        var obj = row.ObjectJson is { } json && JsonNode.Parse(json) is JsonObject parsed
            ? parsed
            : new JsonObject
            {
                ["apiVersion"] = ResourceKinds.ApiVersion,
                ["kind"] = row.Key.Kind,
                ["metadata"] = new JsonObject { ["name"] = row.Key.Name },
            };
        if (obj["metadata"] is JsonObject metadata)
        {
            metadata["generation"] = row.Generation;
            metadata["creationTimestamp"] = StateStore.Iso(row.CreatedAt);
            if (row.Key.Namespace.Length > 0)
            {
                metadata["namespace"] = row.Key.Namespace;
            }

            if (row.Source is not null)
            {
                var annotations = metadata["annotations"] as JsonObject ?? new JsonObject();
                annotations["sacoperator.dev/source"] = row.Source;
                metadata["annotations"] = annotations;
            }
        }

        MaskEnv(obj);
        obj.Remove("status");
        if (row.StatusJson is { } status)
        {
            obj["status"] = JsonNode.Parse(status);
        }

        return obj;
    }

    /// <summary>
    /// Masks secret <c>spec.env</c> values again on the way out: rows written before the state DB
    /// stored them masked (<see cref="SecretMask"/>) must not print them either.
    /// </summary>
    private static void MaskEnv(JsonObject obj)
    {
        if (obj["spec"]?["env"] is not JsonObject env)
        {
            return;
        }

        foreach (var (name, value) in env.ToList())
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text) && SecretMask.Value(name, text) is var masked && masked != text)
            {
                env[name] = masked;
            }
        }
    }

    public static JsonObject List(IEnumerable<JsonObject> items) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "List",
        ["items"] = new JsonArray([.. items]),
    };
}
