namespace SacOperator.State;

/// <summary>One restart of an agent: when, after what exit, and how long the run before it lasted.</summary>
public sealed record RestartEntry
{
    public DateTimeOffset At { get; init; }

    public int? ExitCode { get; init; }

    public TimeSpan Uptime { get; init; }

    /// <summary>CamelCase cause: <c>Exited</c>, <c>Unhealthy</c>, <c>SpecChanged</c>, <c>Requested</c>.</summary>
    public string Reason { get; init; } = "";
}
