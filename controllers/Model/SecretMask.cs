using System.Text.RegularExpressions;

namespace SacOperator.Model;

/// <summary>
/// The one policy for what counts as a credential, used wherever agent settings leave the process:
/// the state DB, <c>sacop get|describe</c>, <c>/api/v1</c>, and redacted text in status, events and
/// logs. A variable is secret when its name looks like one (ends in <c>KEY</c>, or contains
/// <c>TOKEN</c>, <c>SECRET</c>, <c>PASSWORD</c>, <c>PASSWD</c>, <c>CREDENTIAL</c> or <c>AUTH</c>) or its
/// value does (a well-known token prefix such as <c>sk-</c>, <c>ghp_</c> or <c>AKIA</c> at the start of a
/// word, or a <c>Bearer</c> credential: a value that starts with <c>Bearer</c>, or contains it followed
/// by a token). It errs towards masking: a masked harmless value costs a look
/// at the spec file, a shown credential cannot be taken back.
/// </summary>
public static partial class SecretMask
{
    /// <summary>What a masked value is shown as. It is not itself secret-looking, so masking is idempotent.</summary>
    public const string Masked = "***";

    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    public static bool LooksLikeSecret(string value) => SecretValue().IsMatch(value);

    public static bool IsSecret(string name, string value) => IsSecretName(name) || LooksLikeSecret(value);

    /// <summary><paramref name="value"/>, or <see cref="Masked"/> when it is a secret. Empty values stay empty: that a variable is unset is no secret.</summary>
    public static string Value(string name, string value) =>
        value.Length > 0 && IsSecret(name, value) ? Masked : value;

    /// <summary>The environment with secret values masked; the same instance when nothing needs masking.</summary>
    public static IReadOnlyDictionary<string, string> Env(IReadOnlyDictionary<string, string> env)
    {
        if (!env.Any(e => Value(e.Key, e.Value) != e.Value))
        {
            return env;
        }

        return new SortedDictionary<string, string>(env.ToDictionary(e => e.Key, e => Value(e.Key, e.Value), StringComparer.Ordinal), StringComparer.Ordinal);
    }

    /// <summary>The resource as it may be stored or shown: an Agent's secret environment values masked, anything else as it is.</summary>
    public static Resource Apply(Resource resource) =>
        resource is Agent agent && Env(agent.Spec.Env) is var env && !ReferenceEquals(env, agent.Spec.Env)
            ? agent with { Spec = agent.Spec with { Env = env } }
            : resource;

    /// <summary>
    /// Replaces well-known token shapes inside free text (stderr tails, error messages) by
    /// <paramref name="mask"/>. Stricter than <see cref="LooksLikeSecret"/> (a prefix must be followed by
    /// enough token characters), so ordinary prose such as "sk-learn" survives.
    /// </summary>
    public static string RedactTokens(string text, string mask) =>
        TokenShape().Replace(text, m => m.Groups["prefix"].Value + mask);

    [GeneratedRegex("KEY$|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(sk-|ghp_|gho_|github_pat_|AKIA|xox[bp]-|glpat-)|^\s*(?i:bearer)\s+\S|(?<![A-Za-z0-9])(?i:bearer)\s+[A-Za-z0-9._~+/=\-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex SecretValue();

    [GeneratedRegex(@"(?<prefix>)(sk-ant-[A-Za-z0-9_\-]{8,}|sk-[A-Za-z0-9_\-]{20,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_\-]{20,}|AKIA[0-9A-Z]{16}|xox[baprs]-[A-Za-z0-9\-]{10,})|(?<prefix>(?i:bearer)\s+)[A-Za-z0-9._\-]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex TokenShape();
}
