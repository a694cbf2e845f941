using SacOperator.Model;
using SacOperator.Sessions;

namespace SacOperator.Agents;

/// <summary>One followed agent's session as the metrics read it.</summary>
public sealed record SessionSample(ResourceKey Key, SessionState State, bool Stalled);
