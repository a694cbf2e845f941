namespace SacOperator.Hosts;

/// <summary>
/// Quoting for a POSIX shell. ssh hands the remote side one command string that the user's shell
/// parses, so a script sent as one argument must be a single quoted word there.
/// </summary>
public static class ShellQuote
{
    public static string Word(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
