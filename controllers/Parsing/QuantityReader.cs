using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>Kubernetes-style byte quantities: <c>512Mi</c>, <c>64Gi</c>, <c>2G</c>, or a plain number of bytes.</summary>
public static class QuantityReader
{
    public static long? Bytes(YamlMap map, string key)
    {
        var node = map.Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar && TryParse(scalar.Value ?? "", out var bytes))
        {
            return bytes;
        }

        map.Context.Error(node, map.Child(key), "must be a byte quantity such as 512Mi, 64Gi or 2G");
        return null;
    }

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var suffixes = new (string Suffix, long Factor)[]
        {
            ("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("Ti", 1L << 40),
            ("K", 1000), ("k", 1000), ("M", 1_000_000), ("G", 1_000_000_000), ("T", 1_000_000_000_000),
        };
        foreach (var (suffix, factor) in suffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                bytes = (long)(number * factor);
                return true;
            }
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out bytes);
    }
}
