using System.Net.Security;
using SacOperator.Kubernetes.Config;

namespace SacOperator.Kubernetes.Api;

/// <summary>Builds the HTTP stack for a connection: TLS settings, client certificate and credentials.</summary>
public static class KubernetesHttp
{
    public static HttpMessageHandler CreateHandler(KubernetesConnection connection, TimeProvider time)
    {
        var sockets = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            // Watches are long requests on their own connections; detect a dead peer below TCP timeouts.
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = TlsValidation.For(connection),
                ClientCertificates = connection.Credentials.ClientCertificate is { } certificate ? [certificate] : null,
            },
        };
        return new CredentialHandler(connection.Credentials, time, sockets);
    }

}
