using System.Text.RegularExpressions;

namespace SacOperator.Parsing;

/// <summary>
/// Resource names become instance names (<c>sac-&lt;name&gt;</c>), directory names and metric
/// labels, so they are restricted to lower-case DNS-label characters (plus <c>_</c> and <c>.</c>
/// inside, which sac agent directories use).
/// </summary>
public static partial class NameRules
{
    public const int MaxLength = 63;

    public static string? Check(string name)
    {
        if (name.Length == 0)
        {
            return "must not be empty";
        }

        if (name.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters";
        }

        return NamePattern().IsMatch(name)
            ? null
            : "must consist of lower-case letters, digits, '-', '_' or '.', and start and end with a letter or digit";
    }

    public static bool IsEnvName(string name) => EnvPattern().IsMatch(name);

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9._-]*[a-z0-9])?\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex EnvPattern();
}
