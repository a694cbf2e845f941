namespace SacOperator.Processes;

/// <summary>Runs short-lived commands (the apptainer CLI, probes) and captures their output.</summary>
public interface IProcessRunner
{
    /// <param name="arguments">argv; element 0 is the program. Passed via ArgumentList, never through a shell.</param>
    /// <param name="environment">Replaces the inherited environment when given.</param>
    Task<CommandResult> RunAsync(
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default);
}
