namespace SacOperator.Parsing;

/// <summary>Where a spec format writes the fields that become argv or environment strings (dotted paths under <c>spec</c>).</summary>
public sealed record ExecFields
{
    public required string Command { get; init; }

    /// <summary>Fields of the default Claude Code command line (unused when a command is given).</summary>
    public required IReadOnlyList<string> Claude { get; init; }

    public required string Workdir { get; init; }

    /// <summary>Fields of the <c>apptainer instance start</c> command line.</summary>
    public required IReadOnlyList<string> Instance { get; init; }

    /// <summary>The exec health probe's command; null where the format has none.</summary>
    public string? ProbeCommand { get; init; }

    public required string Env { get; init; }
}
