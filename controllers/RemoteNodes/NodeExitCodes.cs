namespace SacOperator.RemoteNodes;

/// <summary>Exit codes of <c>sacop node</c> verbs besides 0 (done) and 255 (which ssh keeps for itself).</summary>
public static class NodeExitCodes
{
    /// <summary>The verb failed on the host (its message is on stderr).</summary>
    public const int Failed = 1;

    /// <summary>The runtime refused the start; stdout holds a <see cref="RemoteStartFailure"/>.</summary>
    public const int StartRefused = 3;
}
