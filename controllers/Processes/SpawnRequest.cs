namespace SacOperator.Processes;

/// <summary>A process to start in its own session, with standard streams on files, never pipes to the operator.</summary>
public sealed record SpawnRequest
{
    /// <summary>argv; element 0 is the program (a path, or a name looked up on the request's PATH).</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>The complete environment of the child (nothing is inherited implicitly).</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>Opened read-write as stdin: a FIFO opened that way never reports end-of-file, so the child keeps reading after the operator is gone.</summary>
    public string? StdinPath { get; init; }

    public required string StdoutPath { get; init; }

    public required string StderrPath { get; init; }

    /// <summary>
    /// A cgroup v2 directory the child enters before it runs its program, so that everything it
    /// forks is in the cgroup from the start; null leaves it in the operator's cgroup.
    /// </summary>
    public string? Cgroup { get; init; }
}
