namespace SacOperator.Kubernetes.Config;

/// <summary>When an exec credential plugin may use the terminal (kubeconfig <c>exec.interactiveMode</c>).</summary>
public enum ExecInteractiveMode
{
    /// <summary>The plugin never gets standard input.</summary>
    Never,

    /// <summary>The plugin gets standard input when it is a terminal (the v1beta1 default).</summary>
    IfAvailable,

    /// <summary>The plugin needs a terminal; running it without one is an error.</summary>
    Always,
}
