using System.Security.Cryptography.X509Certificates;

namespace SacOperator.Kubernetes.Config;

/// <summary>Everything needed to talk to one API server, resolved from a kubeconfig or a pod's service account.</summary>
public sealed record KubernetesConnection
{
    public required Uri Server { get; init; }

    /// <summary>The namespace of the context (or the pod); <c>default</c> when none is named.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>Where this came from, for the banner and errors: a file and context, or the service account.</summary>
    public required string Source { get; init; }

    /// <summary>Trust only these roots for the server certificate; null uses the system trust store.</summary>
    public X509Certificate2Collection? CertificateAuthorities { get; init; }

    /// <summary>Accept any server certificate (kubeconfig <c>insecure-skip-tls-verify</c>).</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>Name to expect in (and send as SNI for) the server certificate instead of the URL's host.</summary>
    public string? TlsServerName { get; init; }

    public ClientCredentials Credentials { get; init; } = ClientCredentials.None;
}
