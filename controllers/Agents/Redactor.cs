using System.Text.RegularExpressions;
using SacOperator.Model;

namespace SacOperator.Agents;

/// <summary>
/// Removes secrets from text that ends up in status, events and logs (agent stderr tails): values
/// of the spec's secret-looking environment variables, and well-known token shapes.
/// </summary>
public static partial class Redactor
{
    public const string Mask = "[REDACTED]";

    public static string Redact(string text, AgentSpec? spec)
    {
        if (spec is not null)
        {
            foreach (var (name, value) in spec.Env)
            {
                if (value.Length >= 6 && SecretName().IsMatch(name))
                {
                    text = text.Replace(value, Mask, StringComparison.Ordinal);
                }
            }
        }

        return TokenShape().Replace(text, m => m.Groups["prefix"].Value + Mask);
    }

    [GeneratedRegex("(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(?<prefix>)(sk-ant-[A-Za-z0-9_\-]{8,}|sk-[A-Za-z0-9]{20,}|gh[pousr]_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16}|xox[baprs]-[A-Za-z0-9\-]{10,})|(?<prefix>(?i:bearer)\s+)[A-Za-z0-9._\-]{16,}")]
    private static partial Regex TokenShape();
}
