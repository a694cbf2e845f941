namespace SacOperator.Parsing;

/// <param name="SpecDirectory">The agent's directory (its <c>to_home/</c> and the agents root's <c>_shared/</c> are found from here).</param>
/// <param name="HostName">This host's name: <c>${HOSTNAME}</c>, <c>hosts:</c> lists and host-conditional binds are decided with it.</param>
/// <param name="Environment">The operator's environment (its <c>HOME</c> locates the user-wide layers).</param>
internal sealed record SacSource(string SpecDirectory, string HostName, IReadOnlyDictionary<string, string> Environment);
