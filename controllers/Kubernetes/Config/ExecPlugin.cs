using System.Text.Json.Nodes;

namespace SacOperator.Kubernetes.Config;

/// <summary>
/// A kubeconfig user's exec credential plugin (<c>users[].user.exec</c>), as kubectl runs it:
/// the command gets <see cref="Args"/> as argv and <see cref="Env"/> on top of our environment,
/// and prints an ExecCredential of <see cref="ApiVersion"/>. Holds no secret itself.
/// </summary>
public sealed record ExecPlugin
{
    public const string V1 = "client.authentication.k8s.io/v1";
    public const string V1Beta1 = "client.authentication.k8s.io/v1beta1";

    /// <summary>The kubeconfig user, for errors.</summary>
    public required string User { get; init; }

    /// <summary>The kubeconfig file that defined the user, for errors.</summary>
    public required string File { get; init; }

    /// <summary>An absolute path when the kubeconfig gave a path (made absolute against its directory); else a name looked up in PATH.</summary>
    public required string Command { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Set in the plugin's environment, over the operator's own, in this order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];

    public required string ApiVersion { get; init; }

    /// <summary>Shown when the command cannot be found (for example how to install <c>gke-gcloud-auth-plugin</c>).</summary>
    public string? InstallHint { get; init; }

    public ExecInteractiveMode InteractiveMode { get; init; } = ExecInteractiveMode.IfAvailable;

    /// <summary>
    /// With <c>provideClusterInfo</c>: the cluster as the plugin sees it in <c>spec.cluster</c>
    /// of KUBERNETES_EXEC_INFO (server, tls-server-name, insecure-skip-tls-verify,
    /// certificate-authority-data); null otherwise.
    /// </summary>
    public JsonObject? Cluster { get; init; }

    public override string ToString() => $"exec plugin {Command} of user '{User}'";
}
