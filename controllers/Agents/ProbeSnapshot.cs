namespace SacOperator.Agents;

/// <summary>Latest results of an HTTP or exec probe for one agent run.</summary>
public sealed record ProbeSnapshot
{
    public int ConsecutiveFailures { get; init; }

    public int Probes { get; init; }

    public DateTimeOffset? LastSuccess { get; init; }

    public string LastMessage { get; init; } = "";
}
