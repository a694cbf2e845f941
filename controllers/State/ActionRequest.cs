using SacOperator.Model;

namespace SacOperator.State;

/// <summary>An imperative request (restart) left by the CLI for the running operator.</summary>
public sealed record ActionRequest(long Id, ResourceKey Key, string Action, DateTimeOffset At);
