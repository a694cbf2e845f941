using SacOperator.Model;

namespace SacOperator.State;

/// <summary>An agent row in the state DB that this release could not decode, and why.</summary>
public sealed record UnreadableRecord(ResourceKey Key, string Problem);
