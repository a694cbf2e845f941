namespace SacOperator.RemoteNodes;

/// <summary>What <c>sacop node exec</c> reads on its stdin: the agent's launch (for its environment) and the command.</summary>
public sealed record RemoteExec(RemoteLaunch Launch, IReadOnlyList<string> Command, TimeSpan Timeout);
