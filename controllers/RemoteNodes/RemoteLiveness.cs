namespace SacOperator.RemoteNodes;

/// <summary>
/// A recorded run the operator asked about by identity, alive on the remote host: found by
/// <c>(pid, start ticks)</c>, not by its launch marker, so a leader that replaced its environment
/// (or whose environment cannot be read) is not taken for an exit.
/// </summary>
public sealed record RemoteLiveness(int Pid, long StartTicks, bool Stopped);
