using SacOperator.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>Scalar interpretation shared by the readers (YAML 1.2 core schema plus YAML 1.1 booleans, as PyYAML reads sac specs).</summary>
public static class YamlScalars
{
    public static bool IsNull(YamlNode? node) =>
        node is null
        || (node is YamlScalarNode s && s.Style is ScalarStyle.Plain or ScalarStyle.Any
            && s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    public static bool TryBool(YamlScalarNode node, out bool value)
    {
        value = false;
        if (node.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return false;
        }

        switch (node.Value)
        {
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON":
                value = true;
                return true;
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF":
                return true;
            default:
                return false;
        }
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        // Quoted: "got 'true'" would read as if true were rejected, when the quotes made it a string.
        YamlScalarNode { Style: ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted } s => $"the quoted string '{Truncate(s.Value ?? "")}'",
        YamlScalarNode s => $"'{Truncate(s.Value ?? "")}'",
        _ => "an unsupported value",
    };

    /// <summary>Diagnostics reach status, events and logs: a value that looks like a credential is not quoted.</summary>
    private static string Truncate(string value) =>
        SecretMask.LooksLikeSecret(value) ? SecretMask.Masked : value.Length <= 40 ? value : value[..40] + "…";
}
