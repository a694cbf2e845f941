namespace SacOperator.Images;

/// <summary>An event the rollout planner asks to record on the Image.</summary>
public sealed record RolloutEvent(string Type, string Reason, string Message);
