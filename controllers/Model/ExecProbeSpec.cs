namespace SacOperator.Model;

/// <summary>Command run in the agent's environment (inside the instance under Apptainer); exit 0 is healthy.</summary>
public sealed record ExecProbeSpec
{
    /// <summary>The probe's argv.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];
}
