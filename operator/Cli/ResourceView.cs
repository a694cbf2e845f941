using System.Text.Json.Nodes;
using SacOperator.Model;
using SacOperator.State;

namespace SacOperator.Operator.Cli;

/// <summary>A state-DB row as a Kubernetes-shaped object (apiVersion, kind, metadata, spec, status).</summary>
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

        obj.Remove("status");
        if (row.StatusJson is { } status)
        {
            obj["status"] = JsonNode.Parse(status);
        }

        return obj;
    }

    public static JsonObject List(IEnumerable<JsonObject> items) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "List",
        ["items"] = new JsonArray([.. items]),
    };
}
