using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using SacOperator.Kubernetes;
using SacOperator.Kubernetes.Api;
using SacOperator.Kubernetes.Config;
using SacOperator.Tests.Kubernetes.FakeApi;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Kubernetes;

/// <summary>
/// TLS as configured by a kubeconfig, against the stand-in served over HTTPS with a certificate
/// from the test CA (testdata/kubeconfig/certs) and requiring a client certificate from it.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("Kubernetes")]
public sealed class KubernetesTlsTests : IDisposable
{
    private static readonly string Certs = Path.Combine(Repo.TestData, "kubeconfig", "certs");
    private readonly TempDirectory _dir = new("tls");

    public void Dispose() => _dir.Dispose();

    private static Task<FakeApiServer> StartServerAsync() => FakeApiServer.StartAsync(new FakeApiOptions
    {
        Certificate = X509Certificate2.CreateFromPemFile(Path.Combine(Certs, "server.crt"), Path.Combine(Certs, "server.key")),
        ClientAuthority = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Certs, "ca.crt")),
    });

    private KubernetesConnection Connection(FakeApiServer server, string clusterExtra, string ca = "ca.crt", bool clientCertificate = true)
    {
        var user = clientCertificate
            ? $"client-certificate: {Path.Combine(Certs, "client.crt")}\n    client-key: {Path.Combine(Certs, "client.key")}"
            : "token: unused";
        var file = _dir.Write("config", $"""
            apiVersion: v1
            kind: Config
            current-context: c
            clusters:
            - name: c
              cluster:
                server: {server.Uri.AbsoluteUri}
                {(ca.Length > 0 ? $"certificate-authority: {Path.Combine(Certs, ca)}" : "")}
                {clusterExtra}
            contexts:
            - name: c
              context: {"{"}cluster: c, user: u{"}"}
            users:
            - name: u
              user:
                {user}
            """);
        return KubeConfigLoader.Load(new KubeEnvironment(), new KubeConfigSelection { Path = file });
    }

    private static async Task<ObjectList> ListAsync(KubernetesConnection connection)
    {
        using var api = new KubernetesApi(connection, TimeProvider.System, new KubernetesMetrics(), NullLogger<KubernetesApi>.Instance);
        return await api.ListAsync(ApiResources.Agents, null, null, CancellationToken.None);
    }

    [Test]
    public async Task List_CaAndClientCertificateFromKubeconfig_Connects()
    {
        await using var server = await StartServerAsync();

        var list = await ListAsync(Connection(server, ""));

        list.Items.Should().BeEmpty();
    }

    [Test]
    public async Task List_ServerCertificateFromAnotherCa_IsRejected()
    {
        await using var server = await StartServerAsync();

        var act = () => ListAsync(Connection(server, "", ca: "other-ca.crt"));

        await act.Should().ThrowAsync<HttpRequestException>();
        server.Requests.Count.Should().Be(0);
    }

    [Test]
    public async Task List_InsecureSkipTlsVerify_ConnectsWithoutTrustingTheServer()
    {
        await using var server = await StartServerAsync();

        var list = await ListAsync(Connection(server, "insecure-skip-tls-verify: true", ca: ""));

        list.Items.Should().BeEmpty();
    }

    [Test]
    public async Task List_TlsServerNameInTheCertificate_Connects()
    {
        await using var server = await StartServerAsync();

        var list = await ListAsync(Connection(server, "tls-server-name: api.standin.test"));

        list.Items.Should().BeEmpty();
    }

    [Test]
    public async Task List_TlsServerNameNotInTheCertificate_IsRejected()
    {
        await using var server = await StartServerAsync();

        var act = () => ListAsync(Connection(server, "tls-server-name: other.example"));

        await act.Should().ThrowAsync<HttpRequestException>();
    }

    [Test]
    public async Task List_WithoutClientCertificate_IsRefusedByTheServer()
    {
        await using var server = await StartServerAsync();

        var act = () => ListAsync(Connection(server, "", clientCertificate: false));

        await act.Should().ThrowAsync<Exception>().Where(e => e is HttpRequestException || e is IOException);
    }
}
