namespace SacOperator.Kubernetes.Config;

/// <summary>What the user asked for on the command line; each field overrides what the files say.</summary>
public sealed record KubeConfigSelection
{
    /// <summary><c>--kubeconfig</c>: only this file is read (it must exist); KUBECONFIG and ~/.kube/config are ignored.</summary>
    public string? Path { get; init; }

    /// <summary><c>--context</c>: instead of the file's <c>current-context</c>.</summary>
    public string? Context { get; init; }

    /// <summary>Instead of the context's namespace (or the pod's, in a cluster).</summary>
    public string? Namespace { get; init; }
}
