using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using SacOperator.Model;
using SacOperator.Parsing;

namespace SacOperator.Kubernetes.Crds;

/// <summary>
/// Structural OpenAPI v3 schemas from the model's record types by reflection: every settable
/// property, camelCase, sorted; C# <c>required</c> members are required; defaults are the values
/// a new instance has (when they differ from zero values), and nested objects default to <c>{}</c>
/// so their own defaults apply, as the model does; <see cref="FieldRules"/> adds enums and ranges.
/// A property type it does not know throws, so a new kind of field cannot slip into the CRD untyped.
/// </summary>
public sealed class SchemaBuilder(IDescriptionSource descriptions)
{
    public JsonObject ForObject(Type type, bool withDefaults)
    {
        var instance = withDefaults ? Activator.CreateInstance(type) : null;
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.SetMethod is { IsPublic: true } && FieldRules.For(type, p.Name)?.Merged != true && !p.IsDefined(typeof(Model.NotInManifestsAttribute)))
                     .OrderBy(JsonName, StringComparer.Ordinal))
        {
            properties[JsonName(property)] = ForProperty(property, instance);
            if (property.IsDefined(typeof(RequiredMemberAttribute)))
            {
                required.Add(JsonName(property));
            }
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        return schema;
    }

    public static string JsonName(PropertyInfo property) => JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private JsonObject ForProperty(PropertyInfo property, object? instance)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var rule = FieldRules.For(property.DeclaringType!, property.Name);
        var body = ForType(type, rule, instance is not null);
        var schema = new JsonObject();
        var description = descriptions.Describe(property) ?? (IsRecord(type) ? descriptions.Describe(type) : null);
        var format = type == typeof(TimeSpan) ? "A duration: whole seconds, or a string such as 30s, 5m or 1h30m."
            : rule?.IntOrString == true ? "Bytes, or a quantity such as 512Mi, 64Gi or 2G."
            : null;
        if (description is not null || format is not null)
        {
            schema["description"] = string.Join(" ", new[] { description, format }.OfType<string>());
        }

        if (instance is not null && Default(property, type, property.GetValue(instance)) is { } value)
        {
            schema["default"] = value;
        }

        foreach (var (key, node) in body.ToList())
        {
            body.Remove(key);
            schema[key] = node;
        }

        return schema;
    }

    private JsonObject ForType(Type type, FieldRule? rule, bool withDefaults)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        JsonObject schema;
        if (rule?.IntOrString == true || type == typeof(TimeSpan))
        {
            schema = new JsonObject { ["x-kubernetes-int-or-string"] = true };
        }
        else if (type == typeof(string) || type == typeof(BindMount))
        {
            // A bind's JSON is the string it was written as (BindMountJsonConverter).
            schema = new JsonObject { ["type"] = "string" };
        }
        else if (type == typeof(bool))
        {
            schema = new JsonObject { ["type"] = "boolean" };
        }
        else if (type == typeof(int) || type == typeof(long))
        {
            schema = new JsonObject { ["type"] = "integer", ["format"] = type == typeof(int) ? "int32" : "int64" };
        }
        else if (type == typeof(double))
        {
            schema = new JsonObject { ["type"] = "number" };
        }
        else if (type == typeof(DateTimeOffset))
        {
            schema = new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) && type.GetGenericArguments()[1] == typeof(string) && rule?.StringOrObjectValues == true)
        {
            // A structural schema cannot say "string or object"; the values are kept as given and the reader checks them.
            schema = new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = new JsonObject
                {
                    ["description"] = "A value, or {valueFrom: {file: PATH}} to read it from a file on the host at each start.",
                    ["x-kubernetes-preserve-unknown-fields"] = true,
                },
            };
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) && type.GetGenericArguments()[1] == typeof(string))
        {
            schema = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string" } };
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var item = type.GetGenericArguments()[0];
            var items = ForType(item, null, withDefaults);
            if (IsRecord(item) && descriptions.Describe(item) is { } itemDescription)
            {
                items = Prepend(items, "description", itemDescription);
            }

            schema = new JsonObject { ["type"] = "array", ["items"] = items };
        }
        else if (IsRecord(type))
        {
            schema = ForObject(type, withDefaults);
        }
        else
        {
            throw new NotSupportedException($"no schema mapping for {type.Name}; extend SchemaBuilder");
        }

        if (rule?.Enum is { } values)
        {
            schema["enum"] = new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
        }

        if (rule?.Minimum is { } minimum)
        {
            schema["minimum"] = minimum;
        }

        if (rule?.Maximum is { } maximum)
        {
            schema["maximum"] = maximum;
        }

        return schema;
    }

    private static JsonNode? Default(PropertyInfo property, Type type, object? value)
    {
        if (property.IsDefined(typeof(RequiredMemberAttribute)))
        {
            return null;
        }

        return value switch
        {
            string { Length: > 0 } s => s,
            bool b when b => true,
            int i when i != 0 => i,
            long l when l != 0 => l,
            double d when d != 0 => d,
            TimeSpan t when t != TimeSpan.Zero => DurationFormat.Format(t),
            not null when IsRecord(type) => new JsonObject(),
            _ => null,
        };
    }

    /// <summary>A record shown as an object (a <see cref="BindMount"/> is a record written as a string).</summary>
    private static bool IsRecord(Type type) =>
        type.IsClass && type != typeof(string) && type != typeof(BindMount) && type.GetMethod("<Clone>$") is not null;

    private static JsonObject Prepend(JsonObject schema, string key, JsonNode value)
    {
        var result = new JsonObject { [key] = value };
        foreach (var (k, v) in schema.ToList())
        {
            schema.Remove(k);
            result[k] = v;
        }

        return result;
    }
}
