namespace SacOperator.Kubernetes.Exec;

/// <summary>A plugin that could not be run or gave no usable credential. The message names the plugin and the user, never a secret.</summary>
public sealed class ExecCredentialException(string message, Exception? inner = null) : Exception(message, inner);
