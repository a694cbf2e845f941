using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>
/// sac fields SacOperator does not act on, with sac's own defaults. Current sac requires every
/// field to be written out, so specs hold these values everywhere: only a value that differs
/// from sac's default asks for something we ignore, and only that draws a warning, once, naming
/// the field. <c>"*"</c> marks fields whose value changes nothing under SacOperator (display-only
/// or dead in sac too); null and <c>""</c> count as the default, as sac's loader reads them.
/// </summary>
internal static class SacDefaults
{
    private const string Template = """
        spec:
          residency: resident
          engines: {}
          python-venv: ""
          user: ""
          listen: []
          mcp_servers: {}
          telegram: {}
          screen: "*"
          startup: "*"
          container: {image: "*", volumes: "*", network: host, mount_host_claude: false}
          watchdog: {enabled: false, interval: "*", responses: "*"}
          autonomous: {enabled: false, drive_until: "*", max_turns: "*", kick_text: "*", idle_kick_after_s: "*"}
          hooks: {pre_start: [], post_start: [], pre_stop: [], post_stop: [], on_compact: [], on_restart: [], on_diff: []}
          context_management: {trigger_at_percent: "*", strategy: noop, warn_before_n_checks: "*", check_interval_seconds: "*", state_file: "*"}
          comms: {outbound: {siblings: allow, parent: allow}, inbound: {siblings: allow, parent: allow}, a2a: {listen: "*"}}
          lineage: {group: "", may_spawn: true}
        apptainer: {post: "", environment: {}, def_file: "", overlay_size: "", overlay_create_if_missing: true, jail: false, nested_build: false, preflight_allow: []}
        claude: {continue_max_age_minutes: "", channels: [], auto_accept: true, raw_options: {}}
        restart: {prune_on_stop: false}
        """;

    private static readonly YamlMappingNode Sections = Load();

    /// <summary>Reads the fields of <paramref name="section"/> listed for it (marking them read) and warns on non-default values.</summary>
    /// <param name="section"><c>spec</c>, <c>apptainer</c>, <c>claude</c> or <c>restart</c>.</param>
    public static void Check(YamlMap map, string section)
    {
        var template = (YamlMappingNode)Find(Sections, section)!;
        foreach (var (key, expected) in template.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            if (map.Get(name) is { } actual)
            {
                Compare(map.Context, map.KeyNode(name)!, actual, expected, map.Child(name));
            }
        }
    }

    private static void Compare(YamlReadContext context, YamlNode at, YamlNode actual, YamlNode expected, string path)
    {
        if (YamlScalars.IsNull(actual) || expected is YamlScalarNode { Value: "*" })
        {
            return;
        }

        switch (expected, actual)
        {
            case (YamlMappingNode template, YamlMappingNode given) when template.Children.Count > 0:
                foreach (var (key, value) in given.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? "";
                    if (Find(template, name) is { } inner)
                    {
                        Compare(context, key, value, inner, $"{path}.{name}");
                    }
                    else
                    {
                        Warn(context, key, $"{path}.{name}");
                    }
                }

                return;
            case (YamlMappingNode, _) or (YamlSequenceNode, _):
                if (!IsEmpty(actual))
                {
                    Warn(context, at, path);
                }

                return;
            case (YamlScalarNode template, YamlScalarNode given):
                if (!SameScalar(template, given))
                {
                    Warn(context, given, path);
                }

                return;
            default:
                Warn(context, at, path);
                return;
        }
    }

    private static bool SameScalar(YamlScalarNode template, YamlScalarNode given)
    {
        if (given.Value is "" || template.Value == given.Value)
        {
            return true;
        }

        if (YamlScalars.TryBool(template, out var expectedBool))
        {
            return YamlScalars.TryBool(given, out var actualBool) && actualBool == expectedBool;
        }

        return double.TryParse(template.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(given.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            && a == b;
    }

    private static bool IsEmpty(YamlNode node) => node switch
    {
        YamlSequenceNode s => s.Children.Count == 0,
        YamlMappingNode m => m.Children.Values.All(v => YamlScalars.IsNull(v) || v is YamlScalarNode { Value: "" } || (v is not YamlScalarNode && IsEmpty(v))),
        _ => YamlScalars.IsNull(node),
    };

    private static void Warn(YamlReadContext context, YamlNode at, string path) =>
        context.Warning(at, path, "not supported by SacOperator; ignored (a value other than sac's default)");

    private static YamlNode? Find(YamlMappingNode mapping, string name) =>
        mapping.Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: { } key } && key == name).Value;

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Template));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
