using SacOperator.Model;
using SacOperator.Parsing;

namespace SacOperator.Stores;

/// <summary>
/// Which file defines which key. A key defined in two places is an error on both, naming the
/// other file, until one of them goes away.
/// </summary>
public sealed class DefinitionIndex
{
    private readonly Dictionary<string, List<StoredResource>> _byFile = new(StringComparer.Ordinal);
    private readonly Dictionary<ResourceKey, List<StoredResource>> _byKey = [];

    /// <summary>How much of a duplicate's message lists the other definitions; the summary of all of them is capped again.</summary>
    private const int OtherDefinitionsLength = 512;

    public IEnumerable<string> Files => _byFile.Keys;

    /// <summary>Replaces what <paramref name="file"/> defines; returns the keys whose definitions changed.</summary>
    public IReadOnlyCollection<ResourceKey> SetFile(string file, IReadOnlyList<StoredResource> resources)
    {
        var touched = new HashSet<ResourceKey>();
        if (_byFile.Remove(file, out var old))
        {
            foreach (var entry in old)
            {
                touched.Add(entry.Key);
                var list = _byKey[entry.Key];
                list.RemoveAll(e => ReferenceEquals(e, entry));
                if (list.Count == 0)
                {
                    _byKey.Remove(entry.Key);
                }
            }
        }

        if (resources.Count > 0)
        {
            _byFile[file] = [.. resources];
            foreach (var entry in resources)
            {
                touched.Add(entry.Key);
                if (!_byKey.TryGetValue(entry.Key, out var list))
                {
                    _byKey[entry.Key] = list = [];
                }

                list.Add(entry);
            }
        }

        return touched;
    }

    public IReadOnlyCollection<ResourceKey> RemoveFile(string file) => SetFile(file, []);

    /// <summary>The effective desired state of <paramref name="key"/>, or null when nothing defines it.</summary>
    public StoredResource? Effective(ResourceKey key)
    {
        if (!_byKey.TryGetValue(key, out var definitions) || definitions.Count == 0)
        {
            return null;
        }

        if (definitions.Count == 1)
        {
            return definitions[0];
        }

        var ordered = definitions.OrderBy(d => d.Source, StringComparer.Ordinal).ThenBy(d => d.Line).ToList();
        var diagnostics = ordered.Select(d => new Diagnostic(
            DiagnosticSeverity.Error, d.Source, d.Line, 1, "metadata.name",
            $"duplicate {key.Kind} '{key.Name}': also defined at " +
            StatusText.Join(", ", [.. ordered.Where(o => !ReferenceEquals(o, d)).Select(o => $"{o.Source}:{o.Line}")], OtherDefinitionsLength))).ToList();
        return new StoredResource
        {
            Key = key,
            Diagnostics = diagnostics,
            Source = ordered[0].Source,
            Line = ordered[0].Line,
            ContentHash = SpecFile.Hash(null, diagnostics),
        };
    }
}
