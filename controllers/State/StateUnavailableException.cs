namespace SacOperator.State;

/// <summary>The state DB cannot be opened or used; the message says what to do, and carries no stack of SQLite internals.</summary>
public sealed class StateUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
