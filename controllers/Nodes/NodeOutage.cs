namespace SacOperator.Nodes;

/// <summary>
/// Why a node cannot tell what runs on it right now (its host does not answer). Nothing it
/// reports then is a fact: no exit is recorded, nothing is started, stopped or moved (decision 0025).
/// </summary>
/// <param name="Reason">A CamelCase reason (the Host condition's vocabulary: <c>Unreachable</c>, <c>ProbeTimeout</c>, …).</param>
public sealed record NodeOutage(string Reason, string Message);
