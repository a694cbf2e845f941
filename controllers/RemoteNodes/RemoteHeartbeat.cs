namespace SacOperator.RemoteNodes;

/// <summary>An agent's <c>heartbeat.json</c> on the remote host, read by <c>sacop node observe</c>.</summary>
public sealed record RemoteHeartbeat(string Agent, DateTimeOffset Timestamp, string? State);
