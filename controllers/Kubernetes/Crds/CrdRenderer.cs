using System.Text.Json.Nodes;
using SacOperator.Model;
using SacOperator.Serialization;

namespace SacOperator.Kubernetes.Crds;

/// <summary>
/// Renders the CustomResourceDefinition of a kind from the C# model, so <c>crds/*.yaml</c> is an
/// output of the model and never a second source of truth (a golden test keeps them equal).
/// </summary>
public static class CrdRenderer
{
    public const string Header =
        "# Generated from the C# model (controllers/Model) by controllers/Kubernetes/Crds/CrdRenderer.\n" +
        "# Do not edit: change the model, then run `UPDATE_GOLDEN=1 dotnet test tests/SacOperator.Tests --filter Crd`.\n";

    public static string RenderYaml(CrdDefinition definition, IDescriptionSource descriptions) =>
        Header + YamlWriter.Write(Render(definition, descriptions));

    public static JsonObject Render(CrdDefinition definition, IDescriptionSource descriptions)
    {
        var builder = new SchemaBuilder(descriptions);
        var specType = definition.ModelType.GetProperty("Spec")!.PropertyType;
        var statusType = definition.ModelType.GetProperty("Status")!.PropertyType;
        var spec = builder.ForObject(specType, withDefaults: true);
        var status = builder.ForObject(statusType, withDefaults: false);
        var schema = new JsonObject
        {
            ["description"] = descriptions.Describe(definition.ModelType) ?? definition.Kind,
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["apiVersion"] = Text("APIVersion defines the versioned schema of this representation of an object: " + ResourceKinds.ApiVersion + "."),
                ["kind"] = Text("Kind is the type of this object: " + definition.Kind + "."),
                ["metadata"] = new JsonObject { ["description"] = "Standard object metadata.", ["type"] = "object" },
                ["spec"] = Described("Desired state, written by you.", spec),
                ["status"] = Described("Observed state, written by the operator.", status),
            },
        };
        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = $"{definition.Plural}.{ResourceKinds.Group}" },
            ["spec"] = new JsonObject
            {
                ["group"] = ResourceKinds.Group,
                ["names"] = new JsonObject
                {
                    ["kind"] = definition.Kind,
                    ["listKind"] = definition.Kind + "List",
                    ["plural"] = definition.Plural,
                    ["singular"] = definition.Singular,
                    ["shortNames"] = Strings(definition.ShortNames),
                    ["categories"] = Strings([CrdDefinitions.Category]),
                },
                ["scope"] = "Namespaced",
                ["versions"] = new JsonArray(new JsonObject
                {
                    ["name"] = ResourceKinds.Version,
                    ["served"] = true,
                    ["storage"] = true,
                    ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                    ["additionalPrinterColumns"] = new JsonArray([.. definition.Columns.Select(Column)]),
                    ["schema"] = new JsonObject { ["openAPIV3Schema"] = schema },
                }),
            },
        };
    }

    private static JsonNode Column(PrinterColumn column)
    {
        var node = new JsonObject
        {
            ["name"] = column.Name,
            ["type"] = column.Type,
            ["jsonPath"] = column.JsonPath,
            ["description"] = column.Description,
        };
        if (column.Priority != 0)
        {
            node["priority"] = column.Priority;
        }

        return node;
    }

    private static JsonObject Text(string description) => new() { ["description"] = description, ["type"] = "string" };

    private static JsonObject Described(string description, JsonObject schema)
    {
        var result = new JsonObject { ["description"] = description };
        foreach (var (key, value) in schema.ToList())
        {
            schema.Remove(key);
            result[key] = value;
        }

        return result;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
