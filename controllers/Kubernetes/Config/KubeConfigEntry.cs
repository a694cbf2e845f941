using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Kubernetes.Config;

/// <summary>The body of one named cluster, context or user, and the file that defined it.</summary>
public sealed record KubeConfigEntry(string Name, string File, YamlMappingNode Body)
{
    public string? String(string key) => Scalar(Body, key) is { Length: > 0 } value ? value : null;

    public bool Has(string key) => Body.Children.ContainsKey(new YamlScalarNode(key));

    public bool Bool(string key)
    {
        var text = String(key);
        return text is not null && bool.TryParse(text, out var value)
            ? value
            : text is null ? false : throw new KubeConfigException($"{File}: {Name}: {key} must be true or false, got '{text}'");
    }

    /// <summary>A path from the entry, made absolute against the directory of the file that named it (as kubectl does).</summary>
    public string? Path(string key) => String(key) is { } path
        ? System.IO.Path.GetFullPath(path, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(File))!)
        : null;

    /// <summary>Base64 data from the entry, decoded.</summary>
    public byte[]? Data(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw new KubeConfigException($"{File}: {Name}: {key} is not valid base64", e);
        }
    }

    internal static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar
            ? scalar.Value
            : null;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({File})");
}
