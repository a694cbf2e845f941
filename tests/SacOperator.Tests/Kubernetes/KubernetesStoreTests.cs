using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Kubernetes;
using SacOperator.Kubernetes.Api;
using SacOperator.Model;
using SacOperator.Tests.Kubernetes.FakeApi;
using SacOperator.Tests.TestSupport;
using static SacOperator.Tests.Kubernetes.KubernetesApiTests;

namespace SacOperator.Tests.Kubernetes;

/// <summary>Desired state from the API: sync, namespaced keys, validation, what does (and does not) notify, host assignment.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("Kubernetes")]
public sealed class KubernetesStoreTests
{
    private static readonly ResourceKey A = ResourceKey.Agent("a", "default");

    private static JsonObject Meta(params (string Key, JsonNode? Value)[] fields) => new() { ["metadata"] = new JsonObject(fields.Select(f => new KeyValuePair<string, JsonNode?>(f.Key, f.Value))) };

    [Test]
    public async Task Run_AllKindsListed_SyncsWithNamespacedValidObjectsFromKubernetes()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        await api.CreateAsync(ApiResources.Agents, "default", Agent("a"), CancellationToken.None);
        await using var run = new StoreRun(server);

        await run.Store.WaitForSyncAsync(CancellationToken.None).WithTimeout();

        var stored = run.Store.Cache.Snapshot.Get(A)!;
        stored.IsValid.Should().BeTrue();
        stored.Source.Should().Be("kubernetes");
        stored.Resource!.Metadata.Namespace.Should().Be("default");
        ((Agent)stored.Resource).Spec.Runtime.Should().Be(AgentRuntimes.Local);
        run.Store.Objects.Get(A)!.Uid.Should().NotBeNull();
    }

    [Test]
    public async Task Run_OneKindCannotBeListed_IsNotSyncedUntilItCan()
    {
        await using var server = await FakeApiServer.StartAsync();
        server.FailNext("GET", "/accounts", 503, times: 3);
        await using var run = new StoreRun(server);
        await server.Requests.WaitAsync(r => r.Path.EndsWith("/accounts", StringComparison.Ordinal) && !r.IsWatch).WithTimeout();

        var syncedEarly = run.Store.HasSynced;
        await run.Store.WaitForSyncAsync(CancellationToken.None).WithTimeout();

        syncedEarly.Should().BeFalse();
        server.Requests.All.Count(r => r.Path.EndsWith("/accounts", StringComparison.Ordinal) && !r.IsWatch).Should().Be(4);
    }

    [Test]
    public async Task Run_InvalidAgent_IsStoredInvalidWithTheFieldAndWhereToLook()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        var agent = Agent("a");
        agent["spec"]!["runtime"] = "apptainer";
        await api.CreateAsync(ApiResources.Agents, "default", agent, CancellationToken.None);
        await using var run = new StoreRun(server);

        await run.Store.WaitForSyncAsync(CancellationToken.None).WithTimeout();

        var stored = run.Store.Cache.Snapshot.Get(A)!;
        stored.IsValid.Should().BeFalse();
        stored.ErrorSummary.Should().MatchRegex(@"^agents/default/a:\d+:\d+: spec\.image: required when the runtime is apptainer");
    }

    [Test]
    public async Task Run_StatusOnlyChange_UpdatesTheObservedObjectWithoutNotifying()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        await api.CreateAsync(ApiResources.Agents, "default", Agent("a"), CancellationToken.None);
        await using var run = new StoreRun(server);
        await run.Store.WaitForSyncAsync(CancellationToken.None).WithTimeout();
        run.Drain();

        await api.PatchAsync(ApiResources.Agents, "default", "a", new JsonObject { ["status"] = new JsonObject { ["phase"] = "Running" } }, "status", CancellationToken.None);
        await api.PatchAsync(ApiResources.Agents, "default", "a", Meta(("finalizers", new JsonArray("sacoperator.dev/cleanup"))), null, CancellationToken.None);
        var labelled = await api.PatchAsync(ApiResources.Agents, "default", "a", Meta(("labels", new JsonObject { ["marker"] = "x" })), null, CancellationToken.None);

        (await run.NextNotificationAsync()).Should().Be(A);
        run.Store.Objects.Get(A)!.ResourceVersion.Should().Be(ObjectJson.ResourceVersion(labelled), "the first notification is the label change, the first change of content");
        run.Drain().Should().BeEmpty("status, resourceVersion, managedFields and finalizer changes alone must not re-enqueue");
        run.Store.Objects.Get(A)!.Status!["phase"]!.GetValue<string>().Should().Be("Running");
    }

    [Test]
    public async Task Run_StatusWrittenByAnotherOperator_RaisesAStatusChangeOnlyForTheStatus()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        await api.CreateAsync(ApiResources.Agents, "default", Agent("a"), CancellationToken.None);
        await using var run = new StoreRun(server);
        var raised = System.Threading.Channels.Channel.CreateUnbounded<ResourceKey>();
        using var subscription = run.Store.StatusChanges.Subscribe(key => raised.Writer.TryWrite(key));
        await run.Store.WaitForSyncAsync(CancellationToken.None).WithTimeout();
        run.Drain();

        await api.PatchAsync(ApiResources.Agents, "default", "a", Meta(("labels", new JsonObject { ["marker"] = "x" })), null, CancellationToken.None);
        (await run.NextNotificationAsync()).Should().Be(A);
        await api.PatchAsync(ApiResources.Agents, "default", "a", new JsonObject { ["status"] = new JsonObject { ["phase"] = "Running" } }, "status", CancellationToken.None);
        await api.PatchAsync(ApiResources.Agents, "default", "a", Meta(("labels", new JsonObject { ["marker"] = "y" })), null, CancellationToken.None);
        (await run.NextNotificationAsync()).Should().Be(A);

        // Watch events are applied in order: the status change was handled before the second label change notified.
        var keys = new List<ResourceKey>();
        while (raised.Reader.TryRead(out var key))
        {
            keys.Add(key);
        }

        keys.Should().Equal([A], "only the status patch changed the status; the label change before it is a desired-state change");
        run.Drain().Should().BeEmpty("the status patch alone notified no desired-state change");
    }

    [Test]
    public async Task Run_DeleteWithFinalizer_MarksDeletionThenRemovesWhenReleased()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        var agent = Agent("a");
        agent["metadata"]!["finalizers"] = new JsonArray("sacoperator.dev/cleanup");
        await api.CreateAsync(ApiResources.Agents, "default", agent, CancellationToken.None);
        await using var run = new StoreRun(server);
        await run.Store.WaitForSyncAsync(CancellationToken.None).WithTimeout();
        run.Drain();

        await api.DeleteAsync(ApiResources.Agents, "default", "a", CancellationToken.None);
        await run.NextNotificationAsync();
        var marked = run.Store.Cache.Snapshot.Get(A)!;
        await api.PatchAsync(ApiResources.Agents, "default", "a", Meta(("finalizers", null)), null, CancellationToken.None);
        await run.NextNotificationAsync();

        marked.DeletionRequested.Should().BeTrue();
        run.Store.Cache.Snapshot.Get(A).Should().BeNull();
        run.Store.Objects.Get(A).Should().BeNull();
    }

    [Test]
    public async Task Run_HostAssignment_KeepsOnlyAgentsOfThisHostAndFollowsMovesAndPlacement()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        await api.CreateAsync(ApiResources.Agents, "default", Agent("mine", host: "node1"), CancellationToken.None);
        await api.CreateAsync(ApiResources.Agents, "default", Agent("theirs", host: "node2"), CancellationToken.None);
        var unplaced = Agent("unplaced");
        ((JsonObject)unplaced["spec"]!).Remove("host");
        await api.CreateAsync(ApiResources.Agents, "default", unplaced, CancellationToken.None);
        await api.CreateAsync(ApiResources.Hosts, "default", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "node2" }, ["spec"] = new JsonObject() }, CancellationToken.None);
        await using var run = new StoreRun(server, o => o with { Assignment = new HostAssignment("NODE1") });
        await run.Store.WaitForSyncAsync(CancellationToken.None).WithTimeout();
        var initial = run.Store.Cache.Snapshot.Items.Keys.Select(k => k.Name).Order().ToList();
        run.Drain();

        await api.PatchAsync(ApiResources.Agents, "default", "unplaced", new JsonObject { ["status"] = new JsonObject { ["host"] = "node1" } }, "status", CancellationToken.None);
        (await run.NextNotificationAsync()).Name.Should().Be("unplaced");
        await api.PatchAsync(ApiResources.Agents, "default", "mine", new JsonObject { ["spec"] = new JsonObject { ["host"] = "node2" } }, null, CancellationToken.None);
        (await run.NextNotificationAsync()).Name.Should().Be("mine");

        initial.Should().Equal("mine", "node2");
        run.Store.Cache.Snapshot.Items.Keys.Select(k => k.Name).Order().Should().Equal("node2", "unplaced");
        run.Store.Objects.Get(A).Should().BeNull();
    }

    [Test]
    public async Task Run_NamespaceScoped_SeesOnlyThatNamespace()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        await api.CreateAsync(ApiResources.Agents, "team-a", Agent("a"), CancellationToken.None);
        await api.CreateAsync(ApiResources.Agents, "team-b", Agent("b"), CancellationToken.None);
        await using var run = new StoreRun(server, o => o with { Namespace = "team-a" });

        await run.Store.WaitForSyncAsync(CancellationToken.None).WithTimeout();

        run.Store.Cache.Snapshot.Items.Keys.Should().Equal(ResourceKey.Agent("a", "team-a"));
        server.Requests.All.Where(r => r.Method == "GET" && r.Path.Contains("/agents", StringComparison.Ordinal)).Should().OnlyContain(r => r.Path.Contains("/namespaces/team-a/", StringComparison.Ordinal));
    }

    [Test]
    public async Task Run_RelistAfterExpiry_RemovesObjectsDeletedMeanwhile()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        await api.CreateAsync(ApiResources.Agents, "default", Agent("a"), CancellationToken.None);
        await api.CreateAsync(ApiResources.Agents, "default", Agent("b"), CancellationToken.None);
        await using var run = new StoreRun(server, o => o with { Namespace = "default" });
        await run.Store.WaitForSyncAsync(CancellationToken.None).WithTimeout();
        run.Drain();
        server.Cluster.GoneAsHttpStatus = true;
        await server.Cluster.WaitForOpenWatchesAsync(4).WithTimeout();
        await api.CreateAsync(ApiResources.Agents, "elsewhere", Agent("unseen"), CancellationToken.None);

        server.Cluster.Compact(endWatches: false);
        server.Cluster.DropWatches();
        await api.DeleteAsync(ApiResources.Agents, "default", "b", CancellationToken.None);

        (await run.NextNotificationAsync()).Should().Be(ResourceKey.Agent("b", "default"));
        run.Store.Cache.Snapshot.Items.Keys.Should().Equal(A);
        server.Requests.All.Count(r => r.Method == "GET" && !r.IsWatch && r.Path.EndsWith("/agents", StringComparison.Ordinal)).Should().Be(2, "the expired version forced a relist");
    }
}
