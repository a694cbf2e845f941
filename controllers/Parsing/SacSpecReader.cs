using SacOperator.Model;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>
/// Compatibility reader for sac's own <c>&lt;agents-root&gt;/&lt;name&gt;/spec.yaml</c>
/// (<c>apiVersion: scitex-agent-container/v3</c>). The agent is named after its directory. sac
/// fields SacOperator does not implement are reported as warnings, never dropped silently; the
/// keys sac itself rejects with a relocation hint are errors here too.
/// </summary>
public static partial class SacSpecReader
{
    /// <summary>Keys sac rejects outright, with the field that replaced them.</summary>
    private static readonly Dictionary<string, string> Relocated = new(StringComparer.Ordinal)
    {
        ["image"] = "spec.apptainer.image",
        ["mounts"] = "spec.apptainer.binds",
        ["env"] = "spec.apptainer.env",
        ["model"] = "spec.claude.model",
        ["access"] = "spec.apptainer.binds (access was removed by sac)",
    };

    /// <summary>Keys sac removed outright, with what replaced them.</summary>
    private static readonly Dictionary<string, string> Removed = new(StringComparer.Ordinal)
    {
        ["skills"] = "removed by sac; skills live under to_home/.claude/skills/",
        ["dot_claude"] = "removed by sac; use a to_home/ directory beside spec.yaml (to_home/.claude/...)",
        ["remote"] = "removed by sac; use spec.host (one host) or spec.hosts (one instance per host)",
        ["scheduling"] = "removed by sac; use spec.host or spec.hosts",
    };

    public static bool LooksLikeSacSpec(string path) =>
        string.Equals(Path.GetFileName(path), "spec.yaml", StringComparison.Ordinal);

    /// <summary>
    /// A spec.yaml whose <c>apiVersion</c> line names sac's API group. Decided on the text, so a file
    /// with syntax errors still reads as the agent its directory names; a manifest that merely
    /// mentions sac (an image called scitex-agent-container, say) does not.
    /// </summary>
    public static bool IsSacSpec(string path, string text) => LooksLikeSacSpec(path) && SacApiVersionLine().IsMatch(text);

    [System.Text.RegularExpressions.GeneratedRegex(@"^[""']?apiVersion[""']?\s*:\s*[""']?scitex-agent-container/", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex SacApiVersionLine();

    /// <param name="hostName">This host's name, for <c>${HOSTNAME}</c> and host lists; defaults to the machine name.</param>
    /// <param name="environment">The operator's environment (its HOME locates sac's user-wide layers); defaults to this process's.</param>
    public static ParsedFile Read(string file, string text, string? hostName = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var name = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file))) ?? "";
        var key = ResourceKey.Agent(name);
        if (!YamlText.TryLoad(file, text, out var stream, out var syntaxError))
        {
            return Single(file, new ParsedResource { Key = key, Diagnostics = [syntaxError!], File = file, Line = syntaxError!.Line });
        }

        var documents = stream!.Documents.Where(d => d.RootNode is not YamlScalarNode s || !YamlScalars.IsNull(s)).ToList();
        var context = new YamlReadContext(file, unknownFieldsAreErrors: false);
        if (documents.Count != 1 || documents[0].RootNode is not YamlMappingNode root)
        {
            context.Error(documents.FirstOrDefault()?.RootNode, "", "a sac spec.yaml must hold exactly one mapping document");
            return Single(file, new ParsedResource { Key = key, Diagnostics = context.Diagnostics, File = file });
        }

        hostName ??= Environment.MachineName;
        SacHostnames.Substitute(root, hostName);
        var source = new SacSource(Path.GetDirectoryName(Path.GetFullPath(file))!, hostName, environment ?? CurrentEnvironment());
        var agent = ReadRoot(context, root, name, source);
        return Single(file, new ParsedResource
        {
            Key = key,
            Resource = context.HasErrors ? null : agent,
            Diagnostics = context.Diagnostics,
            File = file,
            Line = (int)root.Start.Line,
        });
    }

    private static Agent? ReadRoot(YamlReadContext context, YamlMappingNode root, string name, SacSource source)
    {
        var map = YamlMap.Open(context, root, "")!;
        var apiVersion = map.String("apiVersion");
        if (apiVersion != ResourceKinds.SacApiVersion)
        {
            context.Error(map.Get("apiVersion") ?? root, "apiVersion",
                apiVersion is null ? $"required ({ResourceKinds.SacApiVersion})" : $"unsupported; sac specs must be {ResourceKinds.SacApiVersion}");
        }

        var kind = map.String("kind");
        if (kind != "Agent")
        {
            context.Error(map.Get("kind") ?? root, "kind",
                kind == "AgentProxy"
                    ? "AgentProxy (sac's A2A forwarder to an upstream agent) is not supported: SacOperator runs no A2A sidecars or proxies"
                    : "must be Agent");
        }

        if (NameRules.Check(name) is { } problem)
        {
            context.Error(root, "metadata.name", $"the directory name '{name}' is the agent name and {problem}");
        }

        var labels = ObjectMeta.NoLabels;
        if (map.Map("metadata") is { } metadata)
        {
            if (metadata.Has("name"))
            {
                context.Error(metadata.KeyNode("name"), "metadata.name", "not allowed; the agent is named after its directory");
            }

            metadata.Consume("name");
            labels = ReadLabels(metadata) ?? ObjectMeta.NoLabels;
            metadata.ReportUnknown();
        }

        var spec = map.Map("spec");
        if (spec is null)
        {
            context.Error(root, "spec", "required");
            return null;
        }

        map.ReportUnknown();
        foreach (var (key, message) in Relocated.Select(r => (r.Key, $"not a sac v3 field; use {r.Value}")).Concat(Removed.Select(r => (r.Key, r.Value))))
        {
            if (spec.KeyNode(key) is { } node)
            {
                context.Error(node, spec.Child(key), message);
            }

            spec.Consume(key);
        }

        return new Agent
        {
            Metadata = new ObjectMeta { Name = name, Labels = labels },
            Spec = SacAgentSpecMapper.Read(spec, source, labels),
        };
    }

    /// <summary>
    /// <c>metadata.labels</c>: strings, except <c>groups</c>, which sac takes as a list (kept as a
    /// comma-separated label); <c>tags</c> was abolished by sac in favour of <c>groups</c>.
    /// </summary>
    private static IReadOnlyDictionary<string, string>? ReadLabels(YamlMap metadata)
    {
        if (metadata.Map("labels") is not { } labels)
        {
            return null;
        }

        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in labels.Keys.ToList())
        {
            var node = labels.Get(key);
            if (key == "tags")
            {
                labels.Context.Error(labels.KeyNode(key), labels.Child(key), "was abolished by sac; list the values in groups instead (groups: [developer, active])");
            }
            else if (key == "groups" && node is YamlSequenceNode)
            {
                result[key] = string.Join(",", labels.Strings(key) ?? []);
            }
            else if (node is null or YamlScalarNode)
            {
                result[key] = (node as YamlScalarNode)?.Value ?? "";
            }
            else
            {
                labels.Context.Error(node, labels.Child(key), $"must be a string, got {YamlScalars.Describe(node)}");
            }
        }

        return result;
    }

    private static Dictionary<string, string> CurrentEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        return result;
    }

    private static ParsedFile Single(string file, ParsedResource resource) => new(file, [resource], []);
}
