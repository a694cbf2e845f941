using System.Text.Json.Nodes;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using SacOperator.Kubernetes;
using SacOperator.Kubernetes.Api;
using SacOperator.Model;
using SacOperator.Status;
using SacOperator.Tests.Kubernetes.FakeApi;
using SacOperator.Tests.TestSupport;
using static SacOperator.Tests.Kubernetes.KubernetesApiTests;

namespace SacOperator.Tests.Kubernetes;

/// <summary>Events recorded locally and posted as events.k8s.io/v1 Events about the object.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("Kubernetes")]
public sealed class KubernetesEventRecorderTests
{
    private static readonly ResourceKey A = ResourceKey.Agent("a", "default");

    private sealed class ListRecorder : IEventRecorder
    {
        public List<(ResourceKey Key, string Reason)> Recorded { get; } = [];

        public void Record(ResourceKey key, string type, string reason, string message) => Recorded.Add((key, reason));
    }

    [Test]
    public async Task Record_KnownObject_PostsAnEventRegardingItOnceWithinTheWindow()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        var objects = new ObservedObjects();
        var created = objects.Set(await api.CreateAsync(ApiResources.Agents, "default", Agent("a"), CancellationToken.None));
        var local = new ListRecorder();
        var recorder = new KubernetesEventRecorder(local, api, objects, "sacop-node1", TimeProvider.System, new KubernetesMetrics(), NullLogger<KubernetesEventRecorder>.Instance);
        await recorder.StartAsync(CancellationToken.None);
        var posted = server.Requests.WaitAsync(r => r.Method == "POST" && r.Path.Contains("/events", StringComparison.Ordinal));

        recorder.Record(A, "Normal", "Started", "started pid 42");
        recorder.Record(A, "Normal", "Started", "started pid 42");
        var request = await posted.WithTimeout();
        await recorder.StopAsync(CancellationToken.None);
        // The stand-in logs a request as it arrives, before it stores what the request created.
        var stored = await Eventually.Until(() => server.Cluster.List(server.Cluster.Type(ApiResources.Events), "default", null).Items, i => i.Count > 0, "the posted event to be stored");

        request.Path.Should().Be("/apis/events.k8s.io/v1/namespaces/default/events");
        var body = JsonNode.Parse(request.Body)!;
        body["reason"]!.GetValue<string>().Should().Be("Started");
        body["note"]!.GetValue<string>().Should().Be("started pid 42");
        body["type"]!.GetValue<string>().Should().Be("Normal");
        body["reportingController"]!.GetValue<string>().Should().Be("sacoperator.dev/sacop");
        body["reportingInstance"]!.GetValue<string>().Should().Be("sacop-node1");
        body["regarding"]!["uid"]!.GetValue<string>().Should().Be(created.Uid);
        body["regarding"]!["kind"]!.GetValue<string>().Should().Be("Agent");
        body["eventTime"]!.GetValue<string>().Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$");
        server.Requests.All.Count(r => r.Method == "POST" && r.Path.Contains("/events", StringComparison.Ordinal)).Should().Be(1);
        local.Recorded.Should().HaveCount(2, "the local history keeps every event (it dedupes itself)");
        stored.Should().ContainSingle();
    }

    [Test]
    public async Task Record_ObjectUnknownToTheApi_IsOnlyRecordedLocally()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        var local = new ListRecorder();
        var recorder = new KubernetesEventRecorder(local, api, new ObservedObjects(), "sacop-node1", TimeProvider.System, new KubernetesMetrics(), NullLogger<KubernetesEventRecorder>.Instance);

        recorder.Record(A, "Normal", "Deleted", "spec removed");

        local.Recorded.Should().ContainSingle();
        server.Requests.Count.Should().Be(0);
    }
}
