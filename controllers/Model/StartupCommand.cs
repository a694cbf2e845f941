namespace SacOperator.Model;

/// <summary>One of sac's <c>spec.startup_commands</c>: a shell command run in the container before the agent.</summary>
public sealed record StartupCommand
{
    /// <summary>Run with <c>/bin/sh -c</c> in the agent's environment and working directory.</summary>
    public required string Command { get; init; }

    /// <summary>Wait this long before running the command.</summary>
    public TimeSpan Delay { get; init; }
}
