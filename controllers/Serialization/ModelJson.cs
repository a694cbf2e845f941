using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using SacOperator.Model;

namespace SacOperator.Serialization;

/// <summary>
/// The one JSON shape of the model: camelCase, nulls and empty collections omitted, durations as
/// strings, <c>apiVersion, kind, metadata, spec, status</c> first. Used for the state DB, the CLI
/// and the Kubernetes API.
/// </summary>
public static class ModelJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions(indented: false);

    public static readonly JsonSerializerOptions Indented = CreateOptions(indented: true);

    public static string Serialize<T>(T value, bool indented = false) =>
        JsonSerializer.Serialize(value, value!.GetType(), indented ? Indented : Options);

    public static JsonObject ToNode(Resource resource) =>
        (JsonObject)JsonSerializer.SerializeToNode(resource, resource.GetType(), Options)!;

    public static Resource? DeserializeResource(string kind, string json) => kind switch
    {
        ResourceKinds.Agent => JsonSerializer.Deserialize<Agent>(json, Options),
        ResourceKinds.Image => JsonSerializer.Deserialize<Image>(json, Options),
        ResourceKinds.Host => JsonSerializer.Deserialize<Host>(json, Options),
        ResourceKinds.Account => JsonSerializer.Deserialize<Account>(json, Options),
        _ => null,
    };

    public static ResourceStatus? DeserializeStatus(string kind, string json) => kind switch
    {
        ResourceKinds.Agent => JsonSerializer.Deserialize<AgentStatus>(json, Options),
        ResourceKinds.Image => JsonSerializer.Deserialize<ImageStatus>(json, Options),
        ResourceKinds.Host => JsonSerializer.Deserialize<HostStatus>(json, Options),
        ResourceKinds.Account => JsonSerializer.Deserialize<AccountStatus>(json, Options),
        _ => null,
    };

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { Shape } },
        };
        options.Converters.Add(new DurationJsonConverter());
        options.Converters.Add(new BindMountJsonConverter());
        options.MakeReadOnly();
        return options;
    }

    private static void Shape(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        if (info.Type == typeof(AgentSpec))
        {
            EnvJsonShape.Apply(info);
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            var property = info.Properties[i];
            var derived = (typeof(Resource).IsAssignableFrom(info.Type) && property.Name is "key" or "specObject" or "statusObject")
                || (typeof(HealthSpec) == info.Type && property.Name is "effectiveInitialDelay" or "heartbeatTolerance");
            if (derived)
            {
                info.Properties.RemoveAt(i);
                continue;
            }

            property.Order = property.Name switch
            {
                "apiVersion" => -5,
                "kind" => -4,
                "metadata" => -3,
                "spec" => -2,
                "status" => 10,
                _ => 0,
            };

            if (property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
            {
                // Replaces the ignore-null condition for these properties, so null must be skipped here too.
                property.ShouldSerialize = static (_, value) => value is IEnumerable e && e.GetEnumerator().MoveNext();
            }
        }
    }
}
