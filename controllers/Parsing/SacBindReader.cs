using SacOperator.Model;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>
/// Reads sac's <c>apptainer.binds</c> (and the legacy <c>container.volumes</c>): strings
/// <c>host:container[:mode]</c>, the legacy <c>{src, dst, mode}</c> mapping, or a mapping that
/// declares intent, <c>{source, dest, mode, required, ensure, hosts}</c>. As in sac, an entry
/// whose <c>hosts</c> list leaves this host out does not apply here at all (a skip, never an
/// error, whatever <c>required</c> says); typos in an intent mapping are errors.
/// </summary>
internal static class SacBindReader
{
    private static readonly string[] IntentKeys = ["source", "dest", "mode", "required", "ensure", "hosts", "src", "dst"];

    public static SacBinds Read(YamlMap map, string key, string hostName)
    {
        if (map.Sequence(key) is not { } sequence)
        {
            return SacBinds.None;
        }

        var binds = new List<BindMount>();
        var optional = new List<BindMount>();
        var ensure = new List<string>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var path = $"{map.Child(key)}[{i}]";
            var entry = item switch
            {
                YamlScalarNode { Value: { Length: > 0 } text } => new Entry(text, true, false, []),
                YamlScalarNode s when YamlScalars.IsNull(s) || s.Value == "" => null,
                YamlMappingNode m => ReadMapping(map.Context, m, path),
                _ => Invalid(map.Context, item, path),
            };
            if (entry is null)
            {
                continue;
            }

            if (BindMount.Check(entry.Bind) is { } problem)
            {
                map.Context.Error(item, path, problem);
                continue;
            }

            var bind = BindMount.Parse(entry.Bind);

            if (entry.Hosts.Count > 0 && !entry.Hosts.Contains(hostName, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            binds.Add(bind);
            if (!entry.Required)
            {
                optional.Add(bind);
            }

            if (entry.EnsureDirectory)
            {
                ensure.Add(bind.Source);
            }
        }

        return new SacBinds(binds, optional, ensure);
    }

    private static Entry? ReadMapping(YamlReadContext context, YamlMappingNode node, string path)
    {
        var map = YamlMap.Open(context, node, path)!;
        if (map.Keys.All(k => k is "src" or "dst" or "mode"))
        {
            // The pre-intent spelling, read as sac reads it: an entry missing a side is dropped (said aloud here).
            var src = map.String("src");
            var dst = map.String("dst");
            var legacyMode = map.String("mode");
            if (src is { Length: > 0 } && dst is { Length: > 0 })
            {
                return new Entry(Join(src, dst, legacyMode), true, false, []);
            }

            context.Warning(node, path, "has no " + (src is { Length: > 0 } ? "dst" : "src") + " and is ignored, as sac ignores it");
            return null;
        }

        foreach (var unknown in map.Keys.Where(k => !IntentKeys.Contains(k, StringComparer.Ordinal)))
        {
            context.Error(map.KeyNode(unknown), map.Child(unknown),
                "unknown key; a bind mapping takes source, dest, mode, required, ensure and hosts");
        }

        var source = Pick(map, "source", "src");
        var dest = Pick(map, "dest", "dst");
        var mode = map.String("mode");
        var required = map.Bool("required") ?? true;
        var ensureValue = map.String("ensure");
        if (ensureValue is not (null or "" or "dir"))
        {
            context.Error(map.Get("ensure"), map.Child("ensure"), "must be dir (create the source directory) or empty");
        }

        var hosts = map.Get("hosts") is null ? [] : map.Strings("hosts") ?? [];
        if (map.Get("hosts") is YamlSequenceNode { Children.Count: 0 })
        {
            context.Error(map.Get("hosts"), map.Child("hosts"), "is empty, so the bind could apply on no host; remove it to apply everywhere");
        }

        if (source is not { Length: > 0 } || dest is not { Length: > 0 })
        {
            context.Error(node, path, source is not { Length: > 0 } ? "source is required (the host path)" : "dest is required (the container path)");
            return null;
        }

        return new Entry(Join(source, dest, mode), required, ensureValue == "dir", hosts);
    }

    private static string? Pick(YamlMap map, string canonical, string alias)
    {
        if (map.Has(canonical) && map.Has(alias))
        {
            map.Context.Error(map.KeyNode(alias), map.Child(alias), $"{alias} is the legacy spelling of {canonical}; keep one");
        }

        var value = map.String(canonical) ?? map.String(alias);
        return value?.Trim();
    }

    private static string Join(string source, string dest, string? mode) =>
        mode is { Length: > 0 } ? $"{source}:{dest}:{mode}" : $"{source}:{dest}";

    private static Entry? Invalid(YamlReadContext context, YamlNode item, string path)
    {
        context.Error(item, path, "must be host:container[:ro|rw] or a mapping {source, dest, mode, required, ensure, hosts}");
        return null;
    }

    private sealed record Entry(string Bind, bool Required, bool EnsureDirectory, IReadOnlyList<string> Hosts);
}
