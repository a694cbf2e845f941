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

    /// <summary>
    /// Launch ids whose <c>sacop node start</c> is still running (it holds their
    /// <see cref="StartLock"/>): such a launch may still spawn, so "no process" is not an answer
    /// for it yet. Absent in answers of older versions.
    /// </summary>
    public IReadOnlyList<string> Starting { get; init; } = [];

    /// <summary>The runs the operator asked about that are alive but carry no readable marker (absent in answers of older versions).</summary>
    public IReadOnlyList<RemoteLiveness> Alive { get; init; } = [];
}
