namespace SacOperator.RemoteNodes;

/// <summary>
/// The answer of <c>sacop node start</c> when the runtime refused (exit <see cref="NodeExitCodes.StartRefused"/>):
/// the same reason and message a local start would give.
/// </summary>
public sealed record RemoteStartFailure(string Reason, string Message);
