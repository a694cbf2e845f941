namespace SacOperator.Kubernetes.Config;

/// <summary>
/// What configuration loading reads from outside the process: the <c>KUBECONFIG</c> variable, the
/// home directory and the in-cluster service account. Passed in (never read from statics), so
/// tests describe the world as data and run in parallel.
/// </summary>
public sealed record KubeEnvironment
{
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>The value of <c>KUBECONFIG</c>: a list of files separated by <c>:</c>.</summary>
    public string? KubeConfig { get; init; }

    /// <summary>The user's home directory (for <c>~/.kube/config</c>).</summary>
    public string? Home { get; init; }

    /// <summary><c>KUBERNETES_SERVICE_HOST</c>, set by the kubelet in every pod.</summary>
    public string? ServiceHost { get; init; }

    /// <summary><c>KUBERNETES_SERVICE_PORT</c>.</summary>
    public string? ServicePort { get; init; }

    /// <summary>Where a pod's service account token, CA bundle and namespace are mounted.</summary>
    public string ServiceAccountDirectory { get; init; } = DefaultServiceAccountDirectory;

    public static KubeEnvironment FromProcess() => new()
    {
        KubeConfig = Environment.GetEnvironmentVariable("KUBECONFIG"),
        Home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home
            ? home
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        ServiceHost = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"),
        ServicePort = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT"),
    };
}
