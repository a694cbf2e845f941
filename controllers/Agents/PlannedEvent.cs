namespace SacOperator.Agents;

/// <param name="Type">Normal or Warning.</param>
public sealed record PlannedEvent(string Type, string Reason, string Message);
