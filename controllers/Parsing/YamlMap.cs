using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>
/// A typed view of one YAML mapping that records which keys were read, so unread keys can be
/// reported as unknown fields with their exact location. Every getter reports a located error
/// and returns null when the value has the wrong shape.
/// </summary>
public sealed class YamlMap
{
    private readonly YamlReadContext _context;
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private YamlMap(YamlReadContext context, YamlMappingNode node, string path)
    {
        _context = context;
        Node = node;
        Path = path;
        foreach (var (key, value) in node.Children)
        {
            if (key is YamlScalarNode scalarKey && scalarKey.Value is not null)
            {
                _entries[scalarKey.Value] = (scalarKey, value);
            }
            else
            {
                context.Error(key, path, "keys must be plain strings");
            }
        }
    }

    public string Path { get; }

    public YamlMappingNode Node { get; }

    public YamlReadContext Context => _context;

    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>Opens <paramref name="node"/> as a mapping; null (without error) when absent or null.</summary>
    public static YamlMap? Open(YamlReadContext context, YamlNode? node, string path)
    {
        if (YamlScalars.IsNull(node))
        {
            return null;
        }

        if (node is YamlMappingNode mapping)
        {
            return new YamlMap(context, mapping, path);
        }

        context.Error(node, path, $"must be a mapping, got {YamlScalars.Describe(node!)}");
        return null;
    }

    public string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool Has(string key) => _entries.ContainsKey(key) && !YamlScalars.IsNull(_entries[key].Value);

    /// <summary>Raw value node (marks the key as read); null when absent or null.</summary>
    public YamlNode? Get(string key)
    {
        _read.Add(key);
        return _entries.TryGetValue(key, out var entry) && !YamlScalars.IsNull(entry.Value) ? entry.Value : null;
    }

    public YamlScalarNode? KeyNode(string key) => _entries.TryGetValue(key, out var entry) ? entry.Key : null;

    public string? String(string key)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        _context.Error(node, Child(key), $"must be a string, got {YamlScalars.Describe(node)}");
        return null;
    }

    public string? OneOf(string key, IReadOnlyList<string> allowed)
    {
        var value = String(key);
        if (value is null || allowed.Contains(value, StringComparer.Ordinal))
        {
            return value;
        }

        _context.Error(Get(key), Child(key), $"must be one of {string.Join(", ", allowed)}");
        return null;
    }

    public bool? Bool(string key)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar && YamlScalars.TryBool(scalar, out var value))
        {
            return value;
        }

        _context.Error(node, Child(key), $"must be true or false, got {YamlScalars.Describe(node)}");
        return null;
    }

    public long? Long(string key, long min = long.MinValue, long max = long.MaxValue)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar
            && long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            if (value < min || value > max)
            {
                _context.Error(node, Child(key), RangeMessage(min, max));
                return null;
            }

            return value;
        }

        _context.Error(node, Child(key), $"must be a whole number, got {YamlScalars.Describe(node)}");
        return null;
    }

    public int? Int(string key, int min = int.MinValue, int max = int.MaxValue) => (int?)Long(key, min, max);

    public double? Double(string key, double min = double.MinValue, double max = double.MaxValue)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar
            && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
        {
            if (value < min || value > max)
            {
                _context.Error(node, Child(key), RangeMessage(min, max));
                return null;
            }

            return value;
        }

        _context.Error(node, Child(key), $"must be a finite number, got {YamlScalars.Describe(node)}");
        return null;
    }

    /// <summary>Whole seconds (<c>30</c>) or a duration string (<c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>250ms</c>).</summary>
    public TimeSpan? Duration(string key, bool allowZero = true)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar && DurationFormat.TryParse(scalar.Value ?? "", out var value) && value >= TimeSpan.Zero)
        {
            if (!allowZero && value == TimeSpan.Zero)
            {
                _context.Error(node, Child(key), "must be greater than zero");
                return null;
            }

            return value;
        }

        _context.Error(node, Child(key),
            $"must be a duration such as 30 (seconds), 30s, 5m or 1h30m, got {YamlScalars.Describe(node)}");
        return null;
    }

    public IReadOnlyList<string>? Strings(string key)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlSequenceNode sequence)
        {
            _context.Error(node, Child(key), $"must be a list of strings, got {YamlScalars.Describe(node)}");
            return null;
        }

        var result = new List<string>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (sequence.Children[i] is YamlScalarNode item && !YamlScalars.IsNull(item))
            {
                result.Add(item.Value!);
            }
            else
            {
                _context.Error(sequence.Children[i], $"{Child(key)}[{i}]", $"must be a string, got {YamlScalars.Describe(sequence.Children[i])}");
            }
        }

        return result;
    }

    public YamlSequenceNode? Sequence(string key)
    {
        var node = Get(key);
        if (node is null or YamlSequenceNode)
        {
            return (YamlSequenceNode?)node;
        }

        _context.Error(node, Child(key), $"must be a list, got {YamlScalars.Describe(node)}");
        return null;
    }

    /// <summary>String-to-string map; scalar values of any type are taken as their text.</summary>
    public IReadOnlyDictionary<string, string>? StringMap(string key)
    {
        var map = Map(key);
        if (map is null)
        {
            return null;
        }

        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Node.Children)
        {
            var name = (k as YamlScalarNode)?.Value;
            if (name is null)
            {
                continue;
            }

            if (v is YamlScalarNode scalar)
            {
                result[name] = YamlScalars.IsNull(scalar) ? "" : scalar.Value ?? "";
            }
            else
            {
                _context.Error(v, map.Child(name), $"must be a string, got {YamlScalars.Describe(v)}");
            }
        }

        return result;
    }

    public YamlMap? Map(string key) => Open(_context, Get(key), Child(key));

    /// <summary>Reports every key not read so far, as an error (strict) or a warning (lenient).</summary>
    public void ReportUnknown(string? hint = null)
    {
        foreach (var (name, entry) in _entries)
        {
            if (_read.Contains(name))
            {
                continue;
            }

            var message = "unknown field" + (hint is null ? "" : "; " + hint);
            _context.Add(_context.UnknownFieldsAreErrors ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
                entry.Key, Child(name), message);
        }
    }

    /// <summary>Marks a key as read without reading it (fields handled elsewhere).</summary>
    public void Consume(string key) => _read.Add(key);

    private static string RangeMessage(double min, double max)
    {
        var noMin = min <= int.MinValue;
        var noMax = max >= int.MaxValue;
        return noMin ? $"must be at most {max}" : noMax ? $"must be at least {min}" : $"must be between {min} and {max}";
    }
}
