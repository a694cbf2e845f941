namespace SacOperator.Engine;

/// <summary>A failure that retrying cannot fix (for example an invalid spec); logged and counted, never retried.</summary>
public sealed class TerminalReconcileException(string message, Exception? inner = null) : Exception(message, inner);
