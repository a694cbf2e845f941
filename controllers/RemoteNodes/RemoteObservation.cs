namespace SacOperator.RemoteNodes;

/// <summary>
/// The answer of <c>sacop node observe</c>: every live process of the remote home that carries a
/// launch marker, and the heartbeat of each agent that has one. A process missing from an answer
/// is gone; a missing answer says nothing (unknown is not dead).
/// </summary>
public sealed record RemoteObservation
{
    /// <summary>Digest of the remote home (its launch markers carry it).</summary>
    public required string Home { get; init; }

    public IReadOnlyList<RemoteProcess> Processes { get; init; } = [];

    public IReadOnlyList<RemoteHeartbeat> Heartbeats { get; init; } = [];
}
