using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>
/// sac's <c>apptainer.env</c>: any valid variable name, <c>SAC_*</c> included (sac's own
/// settings travel that way), except the three SacOperator sets for every agent.
/// </summary>
internal static class SacEnvReader
{
    private static readonly string[] OperatorOwned = ["SAC_AGENT_NAME", "SAC_STATE_DIR", "SAC_HEARTBEAT_FILE"];

    public static IReadOnlyDictionary<string, string>? Read(YamlMap map, string key)
    {
        var env = map.StringMap(key);
        if (env is null)
        {
            return null;
        }

        var node = map.Get(key) as YamlMappingNode;
        foreach (var name in env.Keys)
        {
            var keyNode = node?.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value == name);
            if (!NameRules.IsEnvName(name))
            {
                map.Context.Error(keyNode, $"{map.Child(key)}.{name}", "is not a valid environment variable name");
            }
            else if (OperatorOwned.Contains(name, StringComparer.Ordinal))
            {
                map.Context.Error(keyNode, $"{map.Child(key)}.{name}", "is set by SacOperator for every agent");
            }
        }

        return env;
    }
}
