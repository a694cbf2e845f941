using System.Text.Json.Nodes;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using SacOperator.Kubernetes;
using SacOperator.Kubernetes.Api;
using SacOperator.Model;
using SacOperator.Stores;
using SacOperator.Tests.Kubernetes.FakeApi;
using SacOperator.Tests.TestSupport;
using static SacOperator.Tests.Kubernetes.KubernetesApiTests;

namespace SacOperator.Tests.Kubernetes;

/// <summary>Status through the status subresource, conflicts, and the finalizer's life, against the stand-in.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("Kubernetes")]
public sealed class KubernetesStatusWriterTests
{
    private static readonly ResourceKey A = ResourceKey.Agent("a", "default");
    private readonly ObservedObjects _objects = new();
    private readonly MemoryStatusWriter _local = new();

    private static AgentStatus Running(int? pid = 4242) => new()
    {
        ObservedGeneration = 1,
        Phase = AgentPhases.Running,
        Pid = pid,
        Host = "node1",
        Conditions = [new Condition { Type = "Ready", Status = "True", Reason = "Running", LastTransitionTime = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero) }],
    };

    private KubernetesStatusWriter Writer(KubernetesApi api) => new(_local, api, _objects, TimeProvider.System, NullLogger<KubernetesStatusWriter>.Instance);

    private static StoredResource Desired => new() { Key = A, Source = ObjectConverter.Source, ContentHash = "h" };

    private async Task<JsonObject> SeedAsync(KubernetesApi api, params string[] finalizers)
    {
        var agent = Agent("a");
        if (finalizers.Length > 0)
        {
            agent["metadata"]!["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)JsonValue.Create(f))]);
        }

        var created = await api.CreateAsync(ApiResources.Agents, "default", agent, CancellationToken.None);
        _objects.Set(created);
        return created;
    }

    private static JsonObject Server(FakeApiServer server) => server.Cluster.Get(server.Cluster.Type(ApiResources.Agents), "default", "a");

    [Test]
    public async Task WriteAsync_NewStatus_PatchesTheStatusSubresourceWithTheVersionSeenAndWritesLocally()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        var seeded = await SeedAsync(api);

        await Writer(api).WriteAsync(A, Desired, Running(), CancellationToken.None);

        var patch = server.Requests.All.Single(r => r.Method == "PATCH");
        patch.Path.Should().EndWith("/namespaces/default/agents/a/status");
        patch.ContentType.Should().Be(MergePatch.ContentType);
        JsonNode.Parse(patch.Body)!["metadata"]!["resourceVersion"]!.GetValue<string>().Should().Be(ObjectJson.ResourceVersion(seeded));
        var status = Server(server)["status"]!;
        status["phase"]!.GetValue<string>().Should().Be("Running");
        status["observedGeneration"]!.GetValue<long>().Should().Be(1);
        _local.Current(A).Should().BeEquivalentTo(Running());
    }

    [Test]
    public async Task WriteAsync_SameStatusAgain_SendsNothing()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        await SeedAsync(api);
        var writer = Writer(api);
        await writer.WriteAsync(A, Desired, Running(), CancellationToken.None);
        var before = server.Requests.Count;

        await writer.WriteAsync(A, Desired, Running(), CancellationToken.None);

        server.Requests.Count.Should().Be(before);
    }

    [Test]
    public async Task WriteAsync_FieldNoLongerSet_IsRemovedOnTheServer()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        await SeedAsync(api);
        var writer = Writer(api);
        await writer.WriteAsync(A, Desired, Running(pid: 4242), CancellationToken.None);

        await writer.WriteAsync(A, Desired, Running(pid: null) with { Phase = AgentPhases.Stopped }, CancellationToken.None);

        JsonNode.Parse(server.Requests.All.Last(r => r.Method == "PATCH").Body)!["status"]!.AsObject().Should().ContainKey("pid").WhoseValue.Should().BeNull();
        Server(server)["status"]!.AsObject().Should().NotContainKey("pid");
    }

    [Test]
    public async Task WriteAsync_ObjectChangedMeanwhile_ReReadsOnConflictAndKeepsTheOtherChange()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        await SeedAsync(api);
        await api.PatchAsync(ApiResources.Agents, "default", "a", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["by"] = "someone-else" } } }, null, CancellationToken.None);
        var before = server.Requests.Count;

        await Writer(api).WriteAsync(A, Desired, Running(), CancellationToken.None);

        server.Requests.All.Skip(before).Select(r => r.Method).Should().Equal("PATCH", "GET", "PATCH");
        server.Requests.All[before].Body.Should().Contain("\"status\"");
        var current = Server(server);
        current["status"]!["phase"]!.GetValue<string>().Should().Be("Running");
        current["metadata"]!["labels"]!["by"]!.GetValue<string>().Should().Be("someone-else");
    }

    [Test]
    public async Task WriteAsync_StatusTheCrdRejects_Throws()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        await SeedAsync(api);
        var invalid = Running() with { Conditions = [new Condition { Type = "Ready", Status = "Maybe", Reason = "Unsure" }] };

        var act = () => Writer(api).WriteAsync(A, Desired, invalid, CancellationToken.None);

        (await act.Should().ThrowAsync<KubernetesApiException>()).Which.Code.Should().Be(422);
    }

    [Test]
    public async Task WriteAsync_ObjectNotInTheApi_WritesOnlyLocally()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);

        await Writer(api).WriteAsync(A, null, Running(), CancellationToken.None);

        server.Requests.Count.Should().Be(0);
        _local.Current(A).Should().NotBeNull();
    }

    [Test]
    public async Task EnsureFinalizerAsync_Twice_AddsOursOnceBesideOthers()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        await SeedAsync(api, "example.com/other");
        var writer = Writer(api);

        await writer.EnsureFinalizerAsync(Desired, CancellationToken.None);
        await writer.EnsureFinalizerAsync(Desired, CancellationToken.None);

        ObjectJson.Finalizers(Server(server)).Should().Equal("example.com/other", KubernetesStatusWriter.Finalizer);
        server.Requests.All.Count(r => r.Method == "PATCH").Should().Be(1);
    }

    [Test]
    public async Task EnsureFinalizerAsync_ObjectBeingDeleted_RefusesToStart()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        await SeedAsync(api, "example.com/other");
        await api.DeleteAsync(ApiResources.Agents, "default", "a", CancellationToken.None);
        _objects.Set(Server(server));

        var act = () => Writer(api).EnsureFinalizerAsync(Desired, CancellationToken.None);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*being deleted*");
    }

    [Test]
    public async Task DeleteAsync_NotBeingDeleted_KeepsTheFinalizer()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        await SeedAsync(api, KubernetesStatusWriter.Finalizer);

        await Writer(api).DeleteAsync(A, Desired, CancellationToken.None);

        ObjectJson.Finalizers(Server(server)).Should().Equal(KubernetesStatusWriter.Finalizer);
    }

    [Test]
    public async Task DeleteAsync_BeingDeleted_RemovesOnlyOursAndTheObjectStaysForTheOther()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        await SeedAsync(api, KubernetesStatusWriter.Finalizer, "example.com/other");
        await api.DeleteAsync(ApiResources.Agents, "default", "a", CancellationToken.None);
        _objects.Set(Server(server));

        await Writer(api).DeleteAsync(A, Desired, CancellationToken.None);

        ObjectJson.Finalizers(Server(server)).Should().Equal("example.com/other");
    }

    [Test]
    public async Task DeleteAsync_OursTheLastFinalizerEvenWhenCancelled_ReleasesAndTheObjectIsGone()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        await SeedAsync(api, KubernetesStatusWriter.Finalizer);
        await api.DeleteAsync(ApiResources.Agents, "default", "a", CancellationToken.None);
        _objects.Set(Server(server));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Writer(api).DeleteAsync(A, Desired, cancelled.Token);

        server.Cluster.Peek(server.Cluster.Type(ApiResources.Agents), "default", "a").Should().BeNull();
    }
}
