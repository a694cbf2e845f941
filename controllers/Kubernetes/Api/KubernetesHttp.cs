using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using SacOperator.Kubernetes.Config;
using SacOperator.Kubernetes.Exec;

namespace SacOperator.Kubernetes.Api;

/// <summary>Builds the HTTP stack for a connection: TLS settings, client certificate and credentials.</summary>
public static class KubernetesHttp
{
    /// <param name="runner">Runs the exec credential plugin, if the connection has one; default: with this process's terminal and standard error.</param>
    public static HttpMessageHandler CreateHandler(KubernetesConnection connection, TimeProvider time, ExecPluginRunner? runner = null)
    {
        var credentials = connection.Credentials;
        if (credentials.Exec is { } plugin)
        {
            return new ExecCredentialHandler(
                new ExecCredentialSource(plugin, runner ?? ExecPluginRunner.ForProcess(), time),
                certificate => Sockets(connection, certificate),
                credentials.ClientCertificate);
        }

        return new CredentialHandler(credentials, time, Sockets(connection, credentials.ClientCertificate));
    }

    private static SocketsHttpHandler Sockets(KubernetesConnection connection, X509Certificate2? clientCertificate) => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
        // Watches are long requests on their own connections; detect a dead peer below TCP timeouts.
        KeepAlivePingDelay = TimeSpan.FromSeconds(30),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = TlsValidation.For(connection),
            ClientCertificates = clientCertificate is { } certificate ? [certificate] : null,
        },
    };
}
