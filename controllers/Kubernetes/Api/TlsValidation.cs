using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using SacOperator.Kubernetes.Config;

namespace SacOperator.Kubernetes.Api;

/// <summary>
/// Server certificate checks as kubectl does them: against the kubeconfig's certificate
/// authorities only (not the system store) when it names some, against <c>tls-server-name</c>
/// instead of the URL's host when set, and not at all with <c>insecure-skip-tls-verify</c>.
/// </summary>
public static class TlsValidation
{
    public static RemoteCertificateValidationCallback For(KubernetesConnection connection) =>
        (_, certificate, chain, errors) => Validate(connection, certificate, chain, errors);

    public static bool Validate(KubernetesConnection connection, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (connection.InsecureSkipTlsVerify)
        {
            return true;
        }

        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var nameOk = connection.TlsServerName is { } expected
            ? server.MatchesHostname(expected)
            : !errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch);
        if (!nameOk)
        {
            return false;
        }

        if (connection.CertificateAuthorities is not { Count: > 0 } authorities)
        {
            return !errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors);
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(server);
    }
}
