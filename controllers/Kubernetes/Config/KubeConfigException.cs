namespace SacOperator.Kubernetes.Config;

/// <summary>Configuration that cannot be used; the message names the file and the entry to fix.</summary>
public sealed class KubeConfigException(string message, Exception? inner = null) : Exception(message, inner);
