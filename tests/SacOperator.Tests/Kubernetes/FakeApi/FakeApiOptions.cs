using System.Security.Cryptography.X509Certificates;

namespace SacOperator.Tests.Kubernetes.FakeApi;

public sealed record FakeApiOptions
{
    /// <summary>When set, requests must carry <c>Authorization: Bearer</c> with this token (else 401).</summary>
    public string? Token { get; init; }

    /// <summary>Serve HTTPS with this certificate (with its key); plain HTTP when null.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>With HTTPS: require a client certificate issued by this authority.</summary>
    public X509Certificate2? ClientAuthority { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>When set, every resource request is authorized by it (false answers 403 Forbidden); discovery is always allowed.</summary>
    public Func<FakeAccess, bool>? Authorize { get; init; }

    /// <summary>What is served; default: the CRDs in crds/ plus Leases and Events.</summary>
    public IReadOnlyList<FakeResourceType>? Types { get; init; }
}
