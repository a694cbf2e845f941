namespace SacOperator.Agents;

public sealed record HealthVerdict(HealthState State, string Message = "")
{
    public static readonly HealthVerdict Alive = new(HealthState.Alive);

    /// <summary>Age of the newest heartbeat of the current run, when one exists.</summary>
    public TimeSpan? HeartbeatAge { get; init; }
}
