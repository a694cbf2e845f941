using System.Text.RegularExpressions;

namespace SacOperator.Tests.TestSupport;

/// <summary>
/// Which namespace of a C# source tree uses which, read from the text: <c>using SacOperator.X</c>
/// lines (plain, static and aliased), fully qualified names (<c>SacOperator.X.Type</c>), and names
/// qualified relative to an enclosing namespace (<c>Engine.Controller</c> inside
/// <c>SacOperator.Telemetry</c>) when the type is declared there. Comments and string literals are
/// ignored. Each edge keeps the first file and line that made it, to name it in a failure.
/// </summary>
public sealed partial class NamespaceGraph
{
    private readonly Dictionary<string, Dictionary<string, string>> _edges = new(StringComparer.Ordinal);

    private NamespaceGraph()
    {
    }

    public IReadOnlyCollection<string> Namespaces => _edges.Keys;

    /// <summary>Where <paramref name="from"/> first uses <paramref name="to"/> (file:line), or null if it does not.</summary>
    public string? Evidence(string from, string to) =>
        _edges.TryGetValue(from, out var targets) ? targets.GetValueOrDefault(to) : null;

    public IEnumerable<string> Uses(string from) => _edges.TryGetValue(from, out var targets) ? targets.Keys : [];

    public static NamespaceGraph FromDirectory(string root) => Parse(
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(f => (Path.GetRelativePath(root, f), File.ReadAllText(f))));

    public static NamespaceGraph Parse(IEnumerable<(string Path, string Text)> files)
    {
        var sources = files.Select(f => (f.Path, Lines: Clean(f.Text).Split('\n'))).ToList();
        var graph = new NamespaceGraph();
        var declared = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var namespaceOf = new Dictionary<string, string>();
        foreach (var (path, lines) in sources)
        {
            var ns = lines.Select(l => NamespaceLine().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
            if (ns is null)
            {
                continue;
            }

            namespaceOf[path] = ns;
            graph._edges.TryAdd(ns, new Dictionary<string, string>(StringComparer.Ordinal));
            var types = declared.TryGetValue(ns, out var known) ? known : declared[ns] = new HashSet<string>(StringComparer.Ordinal);
            types.UnionWith(lines.SelectMany(l => TypeDeclaration().Matches(l)).Select(m => m.Groups[1].Value));
        }

        foreach (var (path, lines) in sources)
        {
            if (!namespaceOf.TryGetValue(path, out var ns))
            {
                continue;
            }

            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var target in References(lines[i], ns, declared))
                {
                    if (target != ns && !graph._edges[ns].ContainsKey(target))
                    {
                        graph._edges[ns][target] = $"{path}:{i + 1}";
                    }
                }
            }
        }

        return graph;
    }

    /// <summary>Every cycle as a path that returns to its start (one per strongly connected component of two or more namespaces).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var cycles = new List<IReadOnlyList<string>>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new List<string>();
        var inCycle = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in _edges.Keys.Order(StringComparer.Ordinal))
        {
            Visit(start);
        }

        return cycles;

        void Visit(string node)
        {
            state[node] = 1;
            stack.Add(node);
            foreach (var next in Uses(node).Order(StringComparer.Ordinal))
            {
                if (state.GetValueOrDefault(next) == 1 && !inCycle.Contains(next))
                {
                    var cycle = stack.Skip(stack.IndexOf(next)).Append(next).ToList();
                    inCycle.UnionWith(cycle);
                    cycles.Add(cycle);
                }
                else if (state.GetValueOrDefault(next) == 0)
                {
                    Visit(next);
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[node] = 2;
        }
    }

    /// <summary>A cycle with the file and line behind each step, for a failure message.</summary>
    public string Describe(IReadOnlyList<string> cycle) =>
        string.Join("\n", cycle.Zip(cycle.Skip(1)).Select(step => $"  {step.First} -> {step.Second}   ({Evidence(step.First, step.Second)})"));

    private static IEnumerable<string> References(string line, string ns, Dictionary<string, HashSet<string>> declared)
    {
        if (UsingLine().Match(line) is { Success: true } usingLine)
        {
            if (Longest(usingLine.Groups[1].Value, declared) is { } used)
            {
                yield return used;
            }

            yield break;
        }

        foreach (Match m in QualifiedName().Matches(line))
        {
            var name = m.Groups[1].Value;
            if (name.StartsWith("SacOperator.", StringComparison.Ordinal))
            {
                if (Longest(name, declared) is { } full)
                {
                    yield return full;
                }

                continue;
            }

            // Relative: Engine.Controller from SacOperator.Telemetry means SacOperator.Engine.Controller.
            var lastDot = name.LastIndexOf('.');
            var (prefix, type) = (name[..lastDot], name[(lastDot + 1)..]);
            for (var enclosing = ns; enclosing.Length > 0; enclosing = Parent(enclosing))
            {
                if (declared.TryGetValue($"{enclosing}.{prefix}", out var types) && types.Contains(type))
                {
                    yield return $"{enclosing}.{prefix}";
                    break;
                }
            }
        }
    }

    /// <summary>The longest declared namespace that <paramref name="name"/> (a namespace or a type in one) starts with.</summary>
    private static string? Longest(string name, Dictionary<string, HashSet<string>> declared)
    {
        for (var candidate = name; candidate.Length > 0; candidate = Parent(candidate))
        {
            if (declared.ContainsKey(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string Parent(string ns) => ns.LastIndexOf('.') is var dot and > 0 ? ns[..dot] : "";

    /// <summary>Blanks comments and string literals, keeping line numbers.</summary>
    private static string Clean(string text) =>
        StringOrComment().Replace(text, m => m.Value.StartsWith("//", StringComparison.Ordinal) ? "" : Regex.Replace(m.Value, "[^\n]", " "));

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)\s*[;{]", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?(?:global::)?(SacOperator(?:\.\w+)+)\s*;")]
    private static partial Regex UsingLine();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(\w+)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"(?<![\w.])(?:global::)?([A-Z]\w*(?:\.[A-Z]\w*)+)")]
    private static partial Regex QualifiedName();

    [GeneratedRegex("\"\"\"[\\s\\S]*?\"\"\"|@\"(?:\"\"|[^\"])*\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])'|//[^\\n]*|/\\*[\\s\\S]*?\\*/")]
    private static partial Regex StringOrComment();
}
