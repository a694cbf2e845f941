namespace SacOperator.Operator.Cli;

/// <summary>A failure the CLI reports as one clear line (and exit code), without a stack trace.</summary>
public sealed class CliError(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
