using System.Security.Cryptography.X509Certificates;

namespace SacOperator.Kubernetes.Exec;

/// <summary>
/// What an exec plugin returned: a bearer token, a client certificate, or both, valid until
/// <see cref="Expires"/> (null: for the life of the process). <see cref="ToString"/> names the
/// kind of credential only.
/// </summary>
public sealed class ExecCredential
{
    public string? Token { get; init; }

    /// <summary>Client certificate with its private key, for mutual TLS.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    public DateTimeOffset? Expires { get; init; }

    public bool IsExpired(DateTimeOffset now) => Expires is { } expires && now >= expires;

    public override string ToString() =>
        (Token is null ? "" : "bearer token") +
        (Token is not null && ClientCertificate is not null ? " and " : "") +
        (ClientCertificate is null ? "" : $"client certificate {ClientCertificate.Subject}") +
        (Expires is { } at ? $", expires {at:O}" : ", no expiry");
}
