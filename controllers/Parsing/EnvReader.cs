using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>An Agent's <c>env</c> mapping and the rules every variable name follows.</summary>
public static class EnvReader
{
    private const string Shape = "must be a string or {valueFrom: {file: PATH}}";

    /// <summary>
    /// The manifest's <c>env</c>: each value a string, or <c>{valueFrom: {file: PATH}}</c> for a value
    /// the runtime reads from a file at start. Diagnostics never quote a value.
    /// </summary>
    public static (IReadOnlyDictionary<string, string>? Env, IReadOnlyDictionary<string, string>? Files) Read(YamlMap map, string key)
    {
        var entries = map.Map(key);
        if (entries is null)
        {
            return (null, null);
        }

        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in entries.Keys.ToList())
        {
            var path = entries.Child(name);
            CheckName(map.Context, entries.KeyNode(name), path, name);
            switch (entries.Get(name))
            {
                case null:
                    env[name] = "";
                    break;
                case YamlScalarNode scalar:
                    env[name] = scalar.Value ?? "";
                    break;
                case YamlMappingNode:
                    if (ReadValueFrom(entries.Map(name)!) is { } file)
                    {
                        files[name] = file;
                    }

                    break;
                case var other:
                    map.Context.Error(other, path, $"{Shape}, got {YamlScalars.Describe(other)}");
                    break;
            }
        }

        return (env, files);
    }

    private static string? ReadValueFrom(YamlMap source)
    {
        if (!source.Has("valueFrom"))
        {
            source.Context.Error(source.Node, source.Path, $"{Shape}, got a mapping without valueFrom");
            return null;
        }

        var valueFrom = source.Map("valueFrom");
        source.ReportUnknown();
        if (valueFrom is null)
        {
            return null;
        }

        var hasFile = valueFrom.Has("file");
        var file = valueFrom.String("file");
        valueFrom.ReportUnknown("only file is supported");
        if (!hasFile)
        {
            source.Context.Error(valueFrom.Node, valueFrom.Child("file"), "required: the path of the file holding the value");
            return null;
        }

        if (file is not null && file.Trim().Length == 0)
        {
            source.Context.Error(valueFrom.Get("file"), valueFrom.Child("file"), "must not be empty");
            return null;
        }

        return file;
    }

    /// <summary>Names must be valid variable names and leave <c>SAC_*</c> to the operator.</summary>
    public static void CheckName(YamlReadContext context, YamlNode? keyNode, string path, string name)
    {
        if (!NameRules.IsEnvName(name))
        {
            context.Error(keyNode, path, "is not a valid environment variable name");
        }
        else if (name.StartsWith("SAC_", StringComparison.Ordinal))
        {
            context.Error(keyNode, path, "SAC_* variables are set by the operator");
        }
    }
}
