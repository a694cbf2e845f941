using System.Text.Json.Nodes;

namespace SacOperator.Tests.Kubernetes.FakeApi;

/// <summary>Serialises with object keys sorted, as the Go API server's map encoding does.</summary>
public static class CanonicalJson
{
    public static string Serialize(JsonNode? node) => Sort(node)?.ToJsonString() ?? "null";

    public static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new KeyValuePair<string, JsonNode?>(p.Key, Sort(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sort)]),
        _ => node?.DeepClone(),
    };
}
