namespace SacOperator.Scheduling;

/// <summary>Where an agent goes: a host and why, or none (<see cref="Reason"/> <c>Unschedulable</c>) with each host's rejection.</summary>
public sealed record PlacementDecision(string? Host, string Reason, string Message)
{
    public const string Pinned = "Pinned";
    public const string Kept = "Kept";
    public const string Placed = "Placed";
    public const string Unschedulable = "Unschedulable";
}
