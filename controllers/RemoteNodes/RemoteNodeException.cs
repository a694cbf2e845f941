namespace SacOperator.RemoteNodes;

/// <summary>
/// The host did not answer a node verb (ssh failed, or no answer before the deadline): nothing is
/// known about what the verb did. Not a failed start: the launch may run, and the next
/// observation finds it by its launch id.
/// </summary>
public sealed class RemoteNodeException(string reason, string message) : Exception(message)
{
    /// <summary>The host answered, but a start of the launch asked about still runs there: whether it spawns is not known yet.</summary>
    public const string StartInProgress = "StartInProgress";

    /// <summary>The Host condition's vocabulary (<c>Unreachable</c>, <c>ProbeTimeout</c>, <c>ProbeFailed</c>), or <see cref="StartInProgress"/>.</summary>
    public string Reason { get; } = reason;
}
