using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Kubernetes.Config;
using SacOperator.Tests.Kubernetes.FakeApi;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Kubernetes;

/// <summary>
/// The built sacop (a separate process) with a kubeconfig whose user is an exec credential
/// plugin (the counting bash stand-in) against the stand-in API server; the real kubectl runs
/// the same kind of plugin from its own kubeconfig, which checks the stand-in plugin speaks the
/// protocol kubectl expects.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
[Category("Kubernetes")]
public sealed class ExecCredentialEndToEndTests : IAsyncDisposable
{
    private const string Token = "token-1";
    private static readonly string Certs = Path.Combine(Repo.TestData, "kubeconfig", "certs");
    private static readonly string Example = Path.Combine(Repo.Examples, "kubernetes", "agent.yaml");
    private readonly TempDirectory _dir = new("exec-e2e");
    private readonly TempDirectory _kubectlDir = new("exec-kubectl");
    private SacopProcess? _operator;

    public async ValueTask DisposeAsync()
    {
        if (_operator is not null)
        {
            await _operator.DisposeAsync();
        }

        OperatorHarness.KillAgents(_dir.Combine("home"));
        _dir.Dispose();
        _kubectlDir.Dispose();
    }

    [Test]
    public async Task SacopRun_KubeconfigWithExecPlugin_RunsTheAgentWithOnePluginCallAndPassesItsStderrThrough()
    {
        // HTTPS, as clusters using exec plugins are (kubectl 1.32 here runs no exec plugin for an http:// server).
        await using var server = await FakeApiServer.StartAsync(new FakeApiOptions
        {
            Token = Token,
            Certificate = X509Certificate2.CreateFromPemFile(Path.Combine(Certs, "server.crt"), Path.Combine(Certs, "server.key")),
        });
        var trust = $"certificate-authority: {Path.Combine(Certs, "ca.crt")}";
        var kubectlPlugin = new ExecPluginScript(_kubectlDir);
        kubectlPlugin.Respond(new JsonObject { ["apiVersion"] = ExecPlugin.V1, ["kind"] = "ExecCredential", ["status"] = new JsonObject { ["token"] = Token } }.ToJsonString());
        var kubectl = new Kubectl(Tools.Require("kubectl", "kubectl (v1.32 is on PATH on our machines)"), _kubectlDir, kubectlPlugin.KubeConfig(server.Uri, ExecPlugin.V1, clusterExtra: trust));
        var plugin = new ExecPluginScript(_dir);
        plugin.RespondWithToken(ExecPlugin.V1);

        var applied = await kubectl.RunAsync("apply", "-f", Example);
        applied.ExitCode.Should().Be(0, applied.ToString());
        _operator = SacopProcess.Start(
            ["run", "--kubernetes", "--host", "node1", "--kubeconfig", plugin.KubeConfig(server.Uri, ExecPlugin.V1, clusterExtra: trust), "--home", _dir.Combine("home"), "--listen", "127.0.0.1:0"],
            new Dictionary<string, string> { ["PATH"] = "/usr/local/bin:/usr/bin:/bin", ["HOME"] = _dir.Path });
        var phase = await PhaseAsync(kubectl, "Running");
        var exitCode = await _operator.StopAsync();

        phase.Should().Be("Running", _operator.Output);
        exitCode.Should().Be(0, _operator.Output);
        kubectlPlugin.Calls.Should().BeGreaterThan(0, "kubectl ran its plugin");
        plugin.Calls.Should().Be(1, "the credential has no expiry and the server never rejected it");
        plugin.Args(1).Should().Equal("get-token", "--cluster", "two words");
        _operator.Output.Should().Contain("auth-plugin: call 1").And.NotContain(Token);
        server.Requests.All.Should().OnlyContain(r => r.Authorization == "Bearer " + Token);
    }

    /// <summary>Polls kubectl (another process writes the status) until the agent reaches <paramref name="wanted"/>, or the default timeout; returns the last phase seen.</summary>
    private async Task<string?> PhaseAsync(Kubectl kubectl, string wanted)
    {
        var deadline = DateTime.UtcNow + TaskTimeouts.Default;
        string? phase = null;
        while (DateTime.UtcNow < deadline && phase != wanted && !_operator!.HasExited)
        {
            var result = await kubectl.RunAsync("get", "agent", "hello", "-o", "jsonpath={.status.phase}");
            phase = result.ExitCode == 0 ? result.Stdout.Trim() : null;
        }

        return phase;
    }
}
