using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>
/// sac substitutes <c>${HOSTNAME}</c> and <c>${SCITEX_OROCHI_HOSTNAME}</c> in every string of a
/// spec after parsing it, so one spec can be shared by every host; other <c>${…}</c> references
/// are left for later stages (MCP configuration, the agent's own shell).
/// </summary>
internal static class SacHostnames
{
    private static readonly string[] Placeholders = ["${HOSTNAME}", "${SCITEX_OROCHI_HOSTNAME}"];

    /// <summary>Rewrites every scalar value under <paramref name="node"/> in place (keys are left as written).</summary>
    public static void Substitute(YamlNode node, string hostName)
    {
        switch (node)
        {
            case YamlScalarNode scalar when scalar.Value is { } value && value.Contains("${", StringComparison.Ordinal):
                foreach (var placeholder in Placeholders)
                {
                    value = value.Replace(placeholder, hostName, StringComparison.Ordinal);
                }

                scalar.Value = value;
                break;
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children)
                {
                    Substitute(child, hostName);
                }

                break;
            case YamlMappingNode mapping:
                foreach (var child in mapping.Children.Values)
                {
                    Substitute(child, hostName);
                }

                break;
        }
    }
}
