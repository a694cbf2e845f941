using SacOperator.Model;

namespace SacOperator.Agents;

/// <summary>
/// Removes secrets from text that ends up in status, events and logs (agent stderr tails): values
/// of the spec's secret environment variables, and well-known token shapes, as
/// <see cref="SecretMask"/> defines them. Values read from files (<c>valueFrom</c>) are never known
/// here; only their token shape can be caught.
/// </summary>
public static class Redactor
{
    public const string Mask = "[REDACTED]";

    public static string Redact(string text, AgentSpec? spec)
    {
        if (spec is not null)
        {
            foreach (var (name, value) in spec.Env)
            {
                // Short values would turn ordinary words into masks all over the text.
                if (value.Length >= 6 && SecretMask.IsSecret(name, value))
                {
                    text = text.Replace(value, Mask, StringComparison.Ordinal);
                }
            }
        }

        return SecretMask.RedactTokens(text, Mask);
    }
}
