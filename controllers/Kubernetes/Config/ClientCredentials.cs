using System.Security.Cryptography.X509Certificates;

namespace SacOperator.Kubernetes.Config;

/// <summary>
/// How the client proves who it is. Secrets stay in here: <see cref="ToString"/> names the kind of
/// credential only, so logging a connection can never print a token or a key.
/// </summary>
public sealed class ClientCredentials
{
    public static readonly ClientCredentials None = new();

    /// <summary>A static bearer token.</summary>
    public string? Token { get; init; }

    /// <summary>A file holding the bearer token, re-read periodically (projected tokens rotate).</summary>
    public string? TokenFile { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Client certificate with its private key, for mutual TLS.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>A plugin that provides a token or a client certificate when asked (kubeconfig <c>exec</c>).</summary>
    public ExecPlugin? Exec { get; init; }

    public override string ToString()
    {
        var kinds = new List<string>();
        if (Token is not null)
        {
            kinds.Add("bearer token");
        }

        if (TokenFile is not null)
        {
            kinds.Add($"token file {TokenFile}");
        }

        if (Username is not null)
        {
            kinds.Add($"basic auth as {Username}");
        }

        if (ClientCertificate is not null)
        {
            kinds.Add($"client certificate {ClientCertificate.Subject}");
        }

        if (Exec is not null)
        {
            kinds.Add(Exec.ToString());
        }

        return kinds.Count == 0 ? "anonymous" : string.Join(", ", kinds);
    }
}
