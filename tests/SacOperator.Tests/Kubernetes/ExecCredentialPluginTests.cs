using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using SacOperator.Kubernetes;
using SacOperator.Kubernetes.Api;
using SacOperator.Kubernetes.Config;
using SacOperator.Kubernetes.Exec;
using SacOperator.Tests.Kubernetes.FakeApi;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Kubernetes;

/// <summary>
/// Exec credential plugins as kubectl runs them: a real plugin process (a bash script that counts
/// its calls) and the HTTP client against the stand-in API server on loopback.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("Kubernetes")]
public sealed class ExecCredentialPluginTests : IDisposable
{
    private static readonly string Certs = Path.Combine(Repo.TestData, "kubeconfig", "certs");
    private readonly TempDirectory _dir = new("exec");
    private readonly MemoryStream _stderr = new();
    private readonly ExecPluginScript _plugin;

    public ExecCredentialPluginTests()
    {
        _plugin = new ExecPluginScript(_dir);
        _plugin.RespondWithToken(ExecPlugin.V1);
    }

    public void Dispose()
    {
        _stderr.Dispose();
        _dir.Dispose();
    }

    private KubernetesApi Api(string kubeconfig, TimeProvider? time = null, ExecPluginRunner? runner = null)
    {
        var connection = KubeConfigLoader.Load(new KubeEnvironment(), new KubeConfigSelection { Path = kubeconfig });
        time ??= TimeProvider.System;
        var handler = KubernetesHttp.CreateHandler(connection, time, runner ?? new ExecPluginRunner(stdinIsTerminal: false, _stderr));
        return new KubernetesApi(connection, time, new KubernetesMetrics(), NullLogger<KubernetesApi>.Instance, handler);
    }

    private static List<string> ProcessesWithArgument(string argument)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0').Contains(argument))
                {
                    found.Add(dir);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    private static Task<JsonObject?> GetAsync(KubernetesApi api) => api.GetAsync(ApiResources.Agents, "default", "x", CancellationToken.None);

    private static async Task<string> FailureAsync(KubernetesApi api) =>
        (await FluentActions.Awaiting(() => GetAsync(api)).Should().ThrowAsync<HttpRequestException>()).Which.Message;

    [Test]
    public async Task Requests_UnexpiredCredential_SendTheTokenAsBearerAndRunThePluginOnce()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Api(_plugin.KubeConfig(server.Uri, ExecPlugin.V1));

        for (var i = 0; i < 5; i++)
        {
            await GetAsync(api);
        }

        _plugin.Calls.Should().Be(1);
        server.Requests.All.Select(r => r.Authorization).Should().Equal(Enumerable.Repeat("Bearer token-1", 5));
    }

    [Test]
    public async Task Runner_NonInteractivePluginThatHangs_IsStoppedAtTheTimeout_WithAnErrorSayingSo()
    {
        // Arrange: a plugin that never answers (as one waiting on a browser login would); its sleep
        // carries a duration no other process has, to find it in /proc afterwards.
        var marker = "299." + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var script = _dir.Write("bin/hung-plugin", $"#!/bin/bash\nexec sleep {marker}\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var plugin = new ExecPlugin { ApiVersion = ExecPlugin.V1, Command = script, User = "u", File = "kubeconfig" };
        var runner = new ExecPluginRunner(stdinIsTerminal: false, _stderr, TimeSpan.FromMilliseconds(500));

        // Act
        var failure = await FluentActions.Awaiting(() => runner.RunAsync(plugin, CancellationToken.None)).Should()
            .ThrowAsync<ExecCredentialException>().WithTimeout();

        // Assert
        failure.Which.Message.Should().Contain("did not finish within 0.5 s");
        ProcessesWithArgument(marker).Should().BeEmpty("the hung plugin is killed, not left behind");
    }

    [Test]
    public async Task Requests_ManyAtOnceBeforeTheFirstCredential_RunThePluginOnce()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Api(_plugin.KubeConfig(server.Uri, ExecPlugin.V1));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => GetAsync(api))).WithTimeout();

        _plugin.Calls.Should().Be(1);
    }

    [Test]
    public async Task Requests_AfterExpirationTimestamp_RunThePluginAgain()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));
        _plugin.RespondWithToken(ExecPlugin.V1, expires: time.GetUtcNow().AddMinutes(10));
        await using var server = await FakeApiServer.StartAsync();
        using var api = Api(_plugin.KubeConfig(server.Uri, ExecPlugin.V1), time);

        await GetAsync(api);
        time.Advance(TimeSpan.FromMinutes(9));
        await GetAsync(api);
        var callsBeforeExpiry = _plugin.Calls;
        time.Advance(TimeSpan.FromMinutes(1));
        await GetAsync(api);

        callsBeforeExpiry.Should().Be(1);
        _plugin.Calls.Should().Be(2);
        server.Requests.All.Select(r => r.Authorization).Should().Equal("Bearer token-1", "Bearer token-1", "Bearer token-2");
    }

    [Test]
    public async Task Requests_NoExpirationTimestamp_KeepTheCredentialForTheProcessLifetime()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));
        await using var server = await FakeApiServer.StartAsync();
        using var api = Api(_plugin.KubeConfig(server.Uri, ExecPlugin.V1), time);

        await GetAsync(api);
        time.Advance(TimeSpan.FromDays(30));
        await GetAsync(api);

        _plugin.Calls.Should().Be(1);
    }

    [Test]
    public async Task Request_ServerRejectsTheCredentialWith401_RunsThePluginAgainAndResendsTheRequestWithItsBody()
    {
        await using var server = await FakeApiServer.StartAsync(new FakeApiOptions { Token = "token-2" });
        using var api = Api(_plugin.KubeConfig(server.Uri, ExecPlugin.V1));

        await api.CreateAsync(ApiResources.Agents, "default", KubernetesApiTests.Agent("a"), CancellationToken.None);

        _plugin.Calls.Should().Be(2);
        server.Requests.All.Select(r => (r.Method, r.Authorization)).Should().Equal(("POST", "Bearer token-1"), ("POST", "Bearer token-2"));
        (await api.GetAsync(ApiResources.Agents, "default", "a", CancellationToken.None)).Should().NotBeNull("the resent POST carried the body");
    }

    [Test]
    public async Task Requests_ManyRejectedWith401AtOnce_RunThePluginOnceMoreBetweenThem()
    {
        await using var server = await FakeApiServer.StartAsync(new FakeApiOptions { Token = "token-2" });
        using var api = Api(_plugin.KubeConfig(server.Uri, ExecPlugin.V1));

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => GetAsync(api))).WithTimeout();

        _plugin.Calls.Should().Be(2);
    }

    [Test]
    public async Task Request_SecondConsecutive401_IsAnErrorAfterOneRefresh()
    {
        await using var server = await FakeApiServer.StartAsync(new FakeApiOptions { Token = "token-never-issued" });
        using var api = Api(_plugin.KubeConfig(server.Uri, ExecPlugin.V1));

        var act = () => GetAsync(api);

        (await act.Should().ThrowAsync<KubernetesApiException>()).Which.Code.Should().Be(401);
        _plugin.Calls.Should().Be(2);
        server.Requests.Count.Should().Be(2);
    }

    [TestCase(ExecPlugin.V1)]
    [TestCase(ExecPlugin.V1Beta1)]
    public async Task Plugin_EitherApiVersion_GetsTheRequestInKubernetesExecInfoAndItsTokenIsUsed(string apiVersion)
    {
        _plugin.RespondWithToken(apiVersion);
        await using var server = await FakeApiServer.StartAsync(new FakeApiOptions { Token = "token-1" });
        using var api = Api(_plugin.KubeConfig(server.Uri, apiVersion));

        await GetAsync(api);

        var info = _plugin.Info(1);
        info["kind"]!.GetValue<string>().Should().Be("ExecCredential");
        info["apiVersion"]!.GetValue<string>().Should().Be(apiVersion);
        info["spec"]!["interactive"]!.GetValue<bool>().Should().BeFalse("standard input is not a terminal");
        info["spec"]!["cluster"].Should().BeNull("provideClusterInfo is not set");
    }

    [Test]
    public async Task Plugin_ArgsAndEnv_ReachItAsArgvAndEnvironment()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Api(_plugin.KubeConfig(server.Uri, ExecPlugin.V1));

        await GetAsync(api);

        _plugin.Args(1).Should().Equal("get-token", "--cluster", "two words");
        _plugin.Region(1).Should().Be("eu-west-1");
    }

    [Test]
    public async Task Plugin_ProvideClusterInfo_GetsTheClusterInKubernetesExecInfo()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Api(_plugin.KubeConfig(server.Uri, ExecPlugin.V1, execExtra: "provideClusterInfo: true"));

        await GetAsync(api);

        _plugin.Info(1)["spec"]!["cluster"]!["server"]!.GetValue<string>().Should().Be(server.Uri.AbsoluteUri.TrimEnd('/'));
    }

    [Test]
    public async Task Plugin_Stderr_IsPassedThrough()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Api(_plugin.KubeConfig(server.Uri, ExecPlugin.V1));

        await GetAsync(api);

        Encoding.UTF8.GetString(_stderr.ToArray()).Should().Be("auth-plugin: call 1\n");
    }

    [TestCase("IfAvailable", true)]
    [TestCase("Never", false)]
    public async Task Plugin_StdinIsATerminal_IsInteractiveUnlessInteractiveModeIsNever(string mode, bool interactive)
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Api(_plugin.KubeConfig(server.Uri, ExecPlugin.V1, interactiveMode: mode), runner: new ExecPluginRunner(stdinIsTerminal: true, _stderr));

        await GetAsync(api);

        _plugin.Info(1)["spec"]!["interactive"]!.GetValue<bool>().Should().Be(interactive);
    }

    [Test]
    public async Task Plugin_InteractiveModeAlwaysWithoutATerminal_FailsNamingTheUserWithoutRunningIt()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Api(_plugin.KubeConfig(server.Uri, ExecPlugin.V1, interactiveMode: "Always"));

        var message = await FailureAsync(api);

        message.Should().Contain("'plugin-user'").And.Contain("not a terminal");
        _plugin.Calls.Should().Be(0);
        server.Requests.Count.Should().Be(0);
    }

    [Test]
    public async Task Plugin_CommandNotFound_ErrorShowsTheInstallHint()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Api(_plugin.KubeConfig(server.Uri, ExecPlugin.V1, command: "sacop-test-no-such-auth-plugin",
            execExtra: "installHint: 'sacop-test-no-such-auth-plugin is needed: apt-get install it'"));

        var message = await FailureAsync(api);

        message.Should().Contain("'sacop-test-no-such-auth-plugin' not found").And.Contain("apt-get install it").And.Contain("'plugin-user'");
    }

    [Test]
    public async Task Plugin_ExitsNonZero_ErrorNamesTheExitCodeAndNeverTheToken()
    {
        var failing = new ExecPluginScript(_dir, exitCode: 3);
        await using var server = await FakeApiServer.StartAsync();
        using var api = Api(failing.KubeConfig(server.Uri, ExecPlugin.V1));

        var message = await FailureAsync(api);

        message.Should().Contain("exit code 3").And.Contain("'plugin-user'").And.NotContain("token-1");
        server.Requests.Count.Should().Be(0);
    }

    [Test]
    public async Task Plugin_TruncatedOutput_ErrorDoesNotQuoteTheOutput()
    {
        _plugin.Respond("""{"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential", "status": {"token": "secret-__N__" """);
        await using var server = await FakeApiServer.StartAsync();
        using var api = Api(_plugin.KubeConfig(server.Uri, ExecPlugin.V1));

        var message = await FailureAsync(api);

        message.Should().Contain("no valid JSON").And.NotContain("secret-1");
    }

    [Test]
    public async Task Plugin_ReturnsAnotherApiVersion_ErrorNamesBoth()
    {
        _plugin.RespondWithToken(ExecPlugin.V1Beta1);
        await using var server = await FakeApiServer.StartAsync();
        using var api = Api(_plugin.KubeConfig(server.Uri, ExecPlugin.V1));

        var message = await FailureAsync(api);

        message.Should().Contain($"returned apiVersion '{ExecPlugin.V1Beta1}'").And.EndWith($"asks for {ExecPlugin.V1}");
    }

    [Test]
    public async Task Plugin_ReturnsAClientCertificate_UsedForMutualTls()
    {
        _plugin.Respond(new JsonObject
        {
            ["apiVersion"] = ExecPlugin.V1,
            ["kind"] = "ExecCredential",
            ["status"] = new JsonObject
            {
                ["clientCertificateData"] = File.ReadAllText(Path.Combine(Certs, "client.crt")),
                ["clientKeyData"] = File.ReadAllText(Path.Combine(Certs, "client.key")),
            },
        }.ToJsonString());
        await using var server = await FakeApiServer.StartAsync(new FakeApiOptions
        {
            Certificate = X509Certificate2.CreateFromPemFile(Path.Combine(Certs, "server.crt"), Path.Combine(Certs, "server.key")),
            ClientAuthority = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Certs, "ca.crt")),
        });
        using var api = Api(_plugin.KubeConfig(server.Uri, ExecPlugin.V1, clusterExtra: $"certificate-authority: {Path.Combine(Certs, "ca.crt")}"));

        var list = await api.ListAsync(ApiResources.Agents, null, null, CancellationToken.None);

        list.Items.Should().BeEmpty();
        _plugin.Calls.Should().Be(1);
    }

    [Test]
    public void Credential_ToString_NamesTheKindButNeverTheToken()
    {
        var credential = new ExecCredential { Token = "very-secret-token", Expires = DateTimeOffset.UnixEpoch };

        credential.ToString().Should().Contain("bearer token").And.NotContain("very-secret-token");
    }
}
