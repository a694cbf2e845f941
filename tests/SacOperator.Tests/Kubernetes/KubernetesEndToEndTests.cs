using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Kubernetes;
using SacOperator.Processes;
using SacOperator.Tests.Kubernetes.FakeApi;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Kubernetes;

/// <summary>
/// The issue's end-to-end path with real binaries: the real kubectl applies
/// examples/kubernetes/agent.yaml to the stand-in API server, the built sacop (separate process,
/// local runtime) runs it and reports Running, updates survive a 410 and a dropped connection,
/// and kubectl delete stops the agent and returns once the finalizer is released.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
[Category("Kubernetes")]
public sealed class KubernetesEndToEndTests : IAsyncDisposable
{
    private static readonly string Example = Path.Combine(Repo.Examples, "kubernetes", "agent.yaml");
    private readonly TempDirectory _dir = new("k8s-e2e");
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

        OperatorHarness.KillAgents(_dir.Combine("home"));
        _dir.Dispose();
    }

    private static async Task<JsonObject?> AgentAsync(Kubectl kubectl)
    {
        var result = await kubectl.RunAsync("get", "agents", "-o", "json");
        result.ExitCode.Should().Be(0, result.ToString());
        return JsonNode.Parse(result.Stdout)!["items"]!.AsArray().OfType<JsonObject>().FirstOrDefault(a => a["metadata"]!["name"]!.GetValue<string>() == "hello");
    }

    /// <summary>Polls kubectl (the status is written by another process) until the agent satisfies <paramref name="condition"/>.</summary>
    private async Task<JsonObject> WaitForAsync(Kubectl kubectl, Func<JsonObject, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TaskTimeouts.Default;
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await AgentAsync(kubectl);
            if (last is not null && condition(last))
            {
                return last;
            }

            _operator!.HasExited.Should().BeFalse($"sacop exited:\n{_operator.Output}");
        }

        throw new TimeoutException($"agent hello: timed out waiting for {what}; last status: {last?["status"]?.ToJsonString()}");
    }

    private static string? Phase(JsonObject agent) => agent["status"]?["phase"]?.GetValue<string>();

    private async Task<Kubectl.Result> ApplyAsync(Kubectl kubectl, bool suspend)
    {
        var file = _dir.Write("agent.yaml", File.ReadAllText(Example).TrimEnd() + $"\n  suspend: {(suspend ? "true" : "false")}\n");
        return await kubectl.RunAsync("apply", "-f", file);
    }

    [Test]
    public async Task KubectlAndSacop_ApplyRunUpdateThroughBrokenWatchesDelete_Converge()
    {
        await using var server = await FakeApiServer.StartAsync();
        var kubectl = Kubectl.For(_dir, server.KubeConfig());
        var applied = await kubectl.RunAsync("apply", "-f", Example);
        applied.ExitCode.Should().Be(0, applied.ToString());
        applied.Stdout.Should().Contain("agent.sacoperator.dev/hello created");

        _operator = SacopProcess.Start(
            ["run", "--kubernetes", "--host", "node1", "--kubeconfig", kubectl.KubeConfig, "--home", _dir.Combine("home"), "--listen", "127.0.0.1:0", "--log-level", "Debug"],
            new Dictionary<string, string> { ["PATH"] = "/usr/local/bin:/usr/bin:/bin", ["HOME"] = _dir.Path });
        var running = await WaitForAsync(kubectl, a => Phase(a) == "Running", "Running");
        var pid = running["status"]!["pid"]!.GetValue<int>();
        var table = await kubectl.RunAsync("get", "agents");

        running["status"]!["host"]!.GetValue<string>().Should().Be("node1");
        running["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Contain(KubernetesStatusWriter.Finalizer);
        LibC.kill(pid, 0).Should().Be(0, "the agent process runs");
        table.Stdout.Should().MatchRegex(@"(?m)^NAME\s+PHASE\s+RESTARTS\s+HOST\s+AGE$").And.MatchRegex(@"(?m)^hello\s+Running\s+0\s+node1\s");

        await server.Cluster.WaitForOpenWatchesAsync(4).WithTimeout();
        server.Cluster.Compact();
        (await ApplyAsync(kubectl, suspend: true)).ExitCode.Should().Be(0);
        await WaitForAsync(kubectl, a => Phase(a) == "Frozen", "Frozen after a 410");
        await server.Cluster.WaitForOpenWatchesAsync(4).WithTimeout();
        server.Cluster.DropWatches();
        (await ApplyAsync(kubectl, suspend: false)).ExitCode.Should().Be(0);
        await WaitForAsync(kubectl, a => Phase(a) == "Running" && a["status"]!["observedGeneration"]!.GetValue<long>() == 3, "Running after a dropped connection");

        var deleted = await kubectl.RunAsync("delete", "agent", "hello", "--timeout=20s");
        var after = await kubectl.RunAsync("get", "agent", "hello");

        deleted.ExitCode.Should().Be(0, deleted.ToString());
        LibC.kill(pid, 0).Should().NotBe(0, "kubectl delete returns only after the agent was stopped and the finalizer released");
        after.ExitCode.Should().NotBe(0);
        after.Stderr.Should().Contain("NotFound");
        (await _operator.StopAsync()).Should().Be(0, _operator.Output);
    }
}
