namespace SacOperator.Processes;

public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The last non-empty line of stderr (or stdout): what a user needs to see in a status message.</summary>
    public string Summary
    {
        get
        {
            var text = StandardError.Trim().Length > 0 ? StandardError : StandardOutput;
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length == 0 ? $"exit code {ExitCode}" : lines[^1];
        }
    }
}
