using System.Text.Json.Nodes;

namespace SacOperator.Tests.Kubernetes.FakeApi;

/// <summary>
/// The documents kubectl reads before it acts: version, legacy discovery (APIVersions,
/// APIGroupList, APIResourceList — kubectl asks for aggregated discovery first and accepts these),
/// and OpenAPI v3, whose PATCH operations declare <c>fieldValidation</c> so kubectl leaves
/// validation to the server (as with a real API server since 1.27).
/// </summary>
public static class FakeDiscovery
{
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-sacop-standin",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions() => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "127.0.0.1" }),
    };

    public static JsonObject CoreResources() => new()
    {
        ["kind"] = "APIResourceList",
        ["groupVersion"] = "v1",
        ["resources"] = new JsonArray(),
    };

    public static JsonObject Groups(IEnumerable<FakeResourceType> types) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. types.GroupBy(t => t.Group).Select(g => (JsonNode)Group(g.Key, g.First().Version))]),
    };

    public static JsonObject Group(string group, string version)
    {
        var groupVersion = new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray(groupVersion),
            ["preferredVersion"] = groupVersion.DeepClone(),
        };
    }

    public static JsonObject Resources(string groupVersion, IEnumerable<FakeResourceType> types)
    {
        var resources = new JsonArray();
        foreach (var type in types)
        {
            var resource = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = new JsonArray("create", "delete", "get", "list", "patch", "update", "watch"),
            };
            if (type.ShortNames.Count > 0)
            {
                resource["shortNames"] = new JsonArray([.. type.ShortNames.Select(s => (JsonNode)JsonValue.Create(s))]);
            }

            if (type.Categories.Count > 0)
            {
                resource["categories"] = new JsonArray([.. type.Categories.Select(s => (JsonNode)JsonValue.Create(s))]);
            }

            resources.Add(resource);
            if (type.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = type.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                    ["kind"] = type.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }

        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = groupVersion, ["resources"] = resources };
    }

    public static JsonObject OpenApiRoot(IEnumerable<FakeResourceType> types) => new()
    {
        ["paths"] = new JsonObject(types.Select(t => t.GroupVersion).Distinct().Select(gv =>
            new KeyValuePair<string, JsonNode?>($"apis/{gv}", new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/apis/{gv}?hash=standin" }))),
    };

    public static JsonObject OpenApiGroup(IEnumerable<FakeResourceType> types)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var type in types)
        {
            var gvk = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind };
            var parameters = new JsonArray(
                Parameter("fieldValidation"), Parameter("fieldManager"), Parameter("dryRun"), Parameter("force"));
            var schemaName = string.Join('.', type.Group.Split('.').Reverse()) + "." + type.Version + "." + type.Kind;
            var reference = new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" };
            var operation = new JsonObject
            {
                ["x-kubernetes-action"] = "patch",
                ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
                ["parameters"] = parameters,
                ["responses"] = new JsonObject
                {
                    ["200"] = new JsonObject
                    {
                        ["description"] = "OK",
                        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = reference.DeepClone() } },
                    },
                },
            };
            paths[$"/apis/{type.GroupVersion}/namespaces/{{namespace}}/{type.Plural}/{{name}}"] = new JsonObject { ["patch"] = operation };
            var schema = (JsonObject?)type.Schema?.DeepClone() ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
            schema["x-kubernetes-group-version-kind"] = new JsonArray(gvk.DeepClone());
            schemas[schemaName] = schema;
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes (SacOperator stand-in)", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject Parameter(string name) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };
}
