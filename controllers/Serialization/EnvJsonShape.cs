using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using SacOperator.Model;

namespace SacOperator.Serialization;

/// <summary>
/// Writes <see cref="AgentSpec.Env"/> and <see cref="AgentSpec.EnvFiles"/> as the one <c>env</c>
/// mapping of the manifest syntax (<c>NAME: value</c> or <c>NAME: {valueFrom: {file: PATH}}</c>), and
/// splits it again when reading, so printed objects read back as the spec they came from.
/// </summary>
internal static class EnvJsonShape
{
    private const string EnvName = "env";
    private const string FilesName = "envFiles";

    public static void Apply(JsonTypeInfo info)
    {
        var env = info.Properties.Single(p => p.Name == EnvName);
        var files = info.Properties.Single(p => p.Name == FilesName);
        var setEnv = env.Set!;
        var setFiles = files.Set!;
        var merged = info.CreateJsonPropertyInfo(typeof(IReadOnlyDictionary<string, JsonNode?>), EnvName);
        merged.Get = spec => Merge((AgentSpec)spec);
        merged.Set = (spec, value) =>
        {
            var (plain, fromFiles) = Split((IReadOnlyDictionary<string, JsonNode?>?)value);
            setEnv(spec, plain);
            setFiles(spec, fromFiles);
        };
        info.Properties[info.Properties.IndexOf(env)] = merged;
        info.Properties.Remove(files);
    }

    private static SortedDictionary<string, JsonNode?> Merge(AgentSpec spec)
    {
        var result = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, value) in spec.Env)
        {
            result[name] = JsonValue.Create(value);
        }

        foreach (var (name, path) in spec.EnvFiles)
        {
            result[name] = new JsonObject { ["valueFrom"] = new JsonObject { ["file"] = path } };
        }

        return result;
    }

    private static (IReadOnlyDictionary<string, string> Env, IReadOnlyDictionary<string, string> Files) Split(IReadOnlyDictionary<string, JsonNode?>? merged)
    {
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in merged ?? new Dictionary<string, JsonNode?>())
        {
            if (node is JsonObject source && source["valueFrom"]?["file"] is JsonValue file)
            {
                files[name] = file.GetValue<string>();
            }
            else
            {
                env[name] = node?.GetValue<string>() ?? "";
            }
        }

        return (env, files);
    }
}
