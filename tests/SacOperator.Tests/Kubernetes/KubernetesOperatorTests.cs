using System.Globalization;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Kubernetes;
using SacOperator.Kubernetes.Api;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.Tests.Kubernetes.FakeApi;
using SacOperator.Tests.TestSupport;
using static SacOperator.Tests.Kubernetes.KubernetesOperatorHarness;

namespace SacOperator.Tests.Kubernetes;

/// <summary>The operator in Kubernetes mode, in-process, against the stand-in API server; agents are real processes.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("Kubernetes")]
public sealed class KubernetesOperatorTests
{
    private readonly string _marker = "7" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    private string Spec(string host = "node1", string extra = "") => $"""
        {(host.Length > 0 ? $"host: {host}" : "")}
        runtime: local
        command: ["sleep", "{_marker}"]
        restart:
          policy: always
          maxRetries: -1
          backoff: {"{"}initial: 1s, max: 5s{"}"}
        {extra}
        """;

    private static bool Alive(int pid) => LibC.kill(pid, 0) == 0;

    private static IEnumerable<string> Finalizers(JsonObject? agent) =>
        agent?["metadata"]?["finalizers"]?.AsArray().Select(f => f!.GetValue<string>()) ?? [];

    [Test]
    public async Task HostRole_AgentOfThisHost_RunsItAndReportsRunningWithTheFinalizer()
    {
        await using var server = await FakeApiServer.StartAsync();
        await using var harness = await StartAsync(server);

        harness.Apply("a", Spec());
        var running = await harness.WaitForAgentAsync("a", a => Phase(a) == "Running");

        Finalizers(running).Should().Equal(KubernetesStatusWriter.Finalizer);
        running!["status"]!["observedGeneration"]!.GetValue<long>().Should().Be(1);
        running["status"]!["host"]!.GetValue<string>().Should().Be("node1");
        running["status"]!["conditions"]!.AsArray().Should().Contain(c => c!["type"]!.GetValue<string>() == "Ready" && c["status"]!.GetValue<string>() == "True");
        Alive(Pid(running)!.Value).Should().BeTrue();
        var lease = server.Cluster.Get(server.Cluster.Type(ApiResources.Leases), "sacoperator-system", "sacop-host-node1");
        lease["spec"]!["holderIdentity"]!.GetValue<string>().Should().StartWith("node1@");
    }

    [Test]
    public async Task HostRole_AgentDeleted_StopsTheProcessThenReleasesTheFinalizer()
    {
        await using var server = await FakeApiServer.StartAsync();
        await using var harness = await StartAsync(server);
        harness.Apply("a", Spec());
        var pid = Pid(await harness.WaitForAgentAsync("a", a => Phase(a) == "Running"))!.Value;
        var type = AgentType(server.Cluster);

        var marked = server.Cluster.Delete(type, "default", "a");
        await harness.WaitForAgentAsync("a", a => a is null);

        marked["metadata"]!["deletionTimestamp"].Should().NotBeNull("the finalizer holds the object until cleanup is done");
        Alive(pid).Should().BeFalse();
        harness.Get<SacOperator.State.StateStore>().GetAgent(ResourceKey.Agent("a", "default")).Should().BeNull();
    }

    [Test]
    public async Task HostRole_OwnStatusWrites_DoNotReEnqueueTheAgent()
    {
        await using var server = await FakeApiServer.StartAsync();
        await using var harness = await StartAsync(server);
        harness.Apply("a", Spec());
        await harness.WaitForAgentAsync("a", a => Phase(a) == "Running");
        var notified = new List<ResourceKey>();
        using var subscription = harness.Get<KubernetesStore>().Cache.Subscribe(key =>
        {
            lock (notified)
            {
                notified.Add(key);
            }
        });

        // b arrives on the same watch after a's status write: once b is in the cache, a's write has been applied too.
        harness.Apply("b", Spec());
        await harness.WaitForAgentAsync("b", b => Phase(b) == "Running");

        lock (notified)
        {
            notified.Should().NotContain(ResourceKey.Agent("a", "default"));
        }

        server.Requests.All.Count(r => r.Method == "PATCH" && r.Path.EndsWith("/agents/a/status", StringComparison.Ordinal)).Should().Be(1);
    }

    [Test]
    public async Task HostRole_WatchExpiredThenDropped_LosesNoUpdate()
    {
        await using var server = await FakeApiServer.StartAsync();
        await using var harness = await StartAsync(server);
        harness.Apply("a", Spec());
        await harness.WaitForAgentAsync("a", a => Phase(a) == "Running");
        await server.Cluster.WaitForOpenWatchesAsync(4).WithTimeout();

        server.Cluster.Compact();
        harness.Apply("a", Spec(extra: "suspend: true"));
        var frozen = await harness.WaitForAgentAsync("a", a => Phase(a) == AgentPhases.Frozen);
        await server.Cluster.WaitForOpenWatchesAsync(4).WithTimeout();
        server.Cluster.DropWatches();
        harness.Apply("a", Spec(extra: "suspend: false"));
        var thawed = await harness.WaitForAgentAsync("a", a => Phase(a) == AgentPhases.Running);

        frozen!["status"]!["observedGeneration"]!.GetValue<long>().Should().Be(2);
        thawed!["status"]!["observedGeneration"]!.GetValue<long>().Should().Be(3);
    }

    [Test]
    public async Task HostRole_AgentOfAnotherHost_IsLeftAloneUntilItIsMovedHere()
    {
        await using var server = await FakeApiServer.StartAsync();
        await using var harness = await StartAsync(server);
        harness.Apply("elsewhere", Spec(host: "node2"));
        harness.Apply("here", Spec());
        await harness.WaitForAgentAsync("here", a => Phase(a) == "Running");

        var untouched = server.Cluster.Get(AgentType(server.Cluster), "default", "elsewhere");
        harness.Apply("elsewhere", Spec(host: "NODE1"));
        var moved = await harness.WaitForAgentAsync("elsewhere", a => Phase(a) == "Running");

        untouched["status"].Should().BeNull();
        Finalizers(untouched).Should().BeEmpty();
        moved!["status"]!["host"]!.GetValue<string>().Should().Be("node1");
    }

    [Test]
    public async Task HostRole_OperatorRestarted_AdoptsTheRunningAgent()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var dir = new TempDirectory("k8s-restart");
        var first = await StartAsync(server, dir: dir);
        first.Apply("a", Spec());
        var pid = Pid(await first.WaitForAgentAsync("a", a => Phase(a) == "Running"))!.Value;
        await first.StopOperatorAsync();

        await using var second = await StartAsync(server, dir: dir);
        var adoptedEvent = await server.Requests.WaitAsync(r => r.Method == "POST" && r.Path.EndsWith("/events", StringComparison.Ordinal) && r.Body.Contains("\"Adopted\"", StringComparison.Ordinal)).WithTimeout();

        JsonNode.Parse(adoptedEvent.Body)!["note"]!.GetValue<string>().Should().Contain(pid.ToString(CultureInfo.InvariantCulture));
        Pid(server.Cluster.Get(AgentType(server.Cluster), "default", "a")).Should().Be(pid);
        Alive(pid).Should().BeTrue();
    }

    [Test]
    public async Task ClusterWide_AgentWithoutHost_IsPlacedOnALiveHostWhichRunsIt()
    {
        await using var server = await FakeApiServer.StartAsync();
        await using var harness = await StartAsync(server, k => k with { ClusterWide = true });
        await harness.WaitForHostLeaseAsync();

        harness.Apply("unplaced", Spec(host: ""));
        var running = await harness.WaitForAgentAsync("unplaced", a => Phase(a) == "Running");

        running!["status"]!["host"]!.GetValue<string>().Should().Be("node1");
        var events = server.Cluster.List(server.Cluster.Type(ApiResources.Events), "default", null).Items;
        events.Should().Contain(e => e["reason"]!.GetValue<string>() == "Scheduled" && e["note"]!.GetValue<string>() == "placed on host node1");
    }

    [Test]
    public async Task ClusterWide_NoHostOperatorUp_ReportsUnschedulable()
    {
        await using var server = await FakeApiServer.StartAsync();
        await using var harness = await StartAsync(server, k => k with { ClusterWide = true, RunAgents = false });

        harness.Apply("unplaced", Spec(host: ""));
        var pending = await harness.WaitForAgentAsync("unplaced", a => Phase(a) == "Pending");

        pending!["status"]!["reason"]!.GetValue<string>().Should().Be("Unschedulable");
        pending["status"]!["message"]!.GetValue<string>().Should().Contain("--host");
        server.Cluster.Get(server.Cluster.Type(ApiResources.Leases), "sacoperator-system", "sacop-leader")["spec"]!["holderIdentity"]!.GetValue<string>()
            .Should().Be(harness.Options.Kubernetes!.Identity);
    }

    [Test]
    public async Task ClusterWide_Image_GetsItsStatusFromTheLeader()
    {
        await using var server = await FakeApiServer.StartAsync();
        await using var harness = await StartAsync(server, k => k with { ClusterWide = true, RunAgents = false });
        var images = server.Cluster.Type(ApiResources.Images);

        server.Cluster.Create(images, "default", JsonNode.Parse("""{"metadata":{"name":"base"},"spec":{"source":{"uri":"docker://example/base"}}}""")!.AsObject(), FieldValidation.Strict, "kubectl");
        var image = await server.Cluster.WaitAsync(images, "default", "base", i => i?["status"]?["phase"] is not null).WithTimeout();

        image!["status"]!["phase"]!.GetValue<string>().Should().Be("Accepted");
        image["status"]!["observedGeneration"]!.GetValue<long>().Should().Be(1);
    }
}
