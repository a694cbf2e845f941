using System.Globalization;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Kubernetes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Kubernetes;

/// <summary>
/// Against a real cluster (kind, minikube, a dev cluster) when <c>SACOP_TEST_KUBECONFIG</c> names
/// its kubeconfig: installs the CRDs, runs the built sacop for one Agent in a fresh namespace, and
/// removes what it created. Skipped, with the reason printed, when the variable is not set.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("Cluster")]
public sealed class RealClusterTests : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("cluster");
    private readonly string _namespace = "sacop-test-" + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
    private Kubectl? _kubectl;
    private SacopProcess? _operator;

    public async ValueTask DisposeAsync()
    {
        if (_operator is not null)
        {
            if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
            {
                await TestContext.Out.WriteLineAsync("sacop output:\n" + _operator.Output);
            }

            await _operator.DisposeAsync();
        }

        if (_kubectl is not null)
        {
            // The finalizer would hold the namespace if the operator is gone: drop it first.
            await _kubectl.RunAsync("-n", _namespace, "patch", "agent", "hello", "--type=merge", "-p", "{\"metadata\":{\"finalizers\":null}}");
            await _kubectl.RunAsync("delete", "namespace", _namespace, "--wait=false");
        }

        OperatorHarness.KillAgents(_dir.Combine("home"));
        _dir.Dispose();
    }

    [Test]
    public async Task RealCluster_AgentApplied_RunsReportsAndCleansUpOnDelete()
    {
        var kubeconfig = Environment.GetEnvironmentVariable("SACOP_TEST_KUBECONFIG");
        if (string.IsNullOrEmpty(kubeconfig))
        {
            Assert.Ignore("SACOP_TEST_KUBECONFIG is not set; point it at the kubeconfig of a disposable cluster (kind, minikube) to run this test");
        }

        _kubectl = Kubectl.For(_dir, File.ReadAllText(kubeconfig));
        var host = "e2e-" + _namespace;
        (await _kubectl.RunAsync("apply", "-f", Path.Combine(Repo.Root, "crds"))).ExitCode.Should().Be(0);
        (await _kubectl.RunAsync("wait", "--for=condition=Established", "crd/agents.sacoperator.dev", "--timeout=60s")).ExitCode.Should().Be(0);
        (await _kubectl.RunAsync("create", "namespace", _namespace)).ExitCode.Should().Be(0);
        var agent = _dir.Write("agent.yaml", File.ReadAllText(Path.Combine(Repo.Examples, "kubernetes", "agent.yaml")).Replace("host: node1", $"host: {host}", StringComparison.Ordinal));
        var applied = await _kubectl.RunAsync("-n", _namespace, "apply", "-f", agent);
        applied.ExitCode.Should().Be(0, applied.ToString());

        _operator = SacopProcess.Start(
            ["run", "--kubernetes", "--host", host, "--namespace", _namespace, "--lease-namespace", _namespace,
             "--kubeconfig", _kubectl.KubeConfig, "--home", _dir.Combine("home"), "--listen", "127.0.0.1:0"],
            new Dictionary<string, string> { ["PATH"] = "/usr/local/bin:/usr/bin:/bin", ["HOME"] = _dir.Path });
        var running = await WaitForRunningAsync();
        var deleted = await _kubectl.RunAsync("-n", _namespace, "delete", "agent", "hello", "--timeout=60s");

        running["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Contain(KubernetesStatusWriter.Finalizer);
        deleted.ExitCode.Should().Be(0, deleted.ToString());
        (await _kubectl.RunAsync("-n", _namespace, "get", "agent", "hello")).ExitCode.Should().NotBe(0);
    }

    private async Task<JsonObject> WaitForRunningAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var result = await _kubectl!.RunAsync("-n", _namespace, "get", "agent", "hello", "-o", "json");
            if (result.ExitCode == 0 && JsonNode.Parse(result.Stdout) is JsonObject agent)
            {
                last = agent["status"]?.ToJsonString();
                if (agent["status"]?["phase"]?.GetValue<string>() == "Running")
                {
                    return agent;
                }
            }
        }

        throw new TimeoutException($"the agent did not reach Running on the real cluster; last status: {last}");
    }
}
