namespace SacOperator.RemoteNodes;

/// <summary>The answer of <c>sacop node start</c>: the agent process's identity on the remote host.</summary>
public sealed record RemoteStarted(int Pid, long StartTicks, bool InstanceStarted);
