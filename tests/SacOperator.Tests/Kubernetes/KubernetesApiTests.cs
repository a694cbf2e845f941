using System.Text.Json.Nodes;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using SacOperator.Kubernetes;
using SacOperator.Kubernetes.Api;
using SacOperator.Kubernetes.Config;
using SacOperator.Tests.Kubernetes.FakeApi;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Kubernetes;

/// <summary>The HTTP client against the stand-in API server: paging, errors as Status, concurrency, subresources, credentials.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("Kubernetes")]
public sealed class KubernetesApiTests
{
    internal static KubernetesApi Client(FakeApiServer server, string? token = null, TimeSpan? requestTimeout = null) => new(
        new KubernetesConnection { Server = server.Uri, Source = "test", Credentials = new ClientCredentials { Token = token } },
        TimeProvider.System, new KubernetesMetrics(), NullLogger<KubernetesApi>.Instance, requestTimeout: requestTimeout);

    internal static JsonObject Agent(string name, string host = "node1") => new()
    {
        ["apiVersion"] = "sacoperator.dev/v1alpha1",
        ["kind"] = "Agent",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["host"] = host, ["runtime"] = "local", ["command"] = new JsonArray("sleep", "1000") },
    };

    [Test]
    public async Task ListAsync_MoreObjectsThanAPage_ReadsEveryPageAndTheListVersion()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        for (var i = 0; i < 5; i++)
        {
            await api.CreateAsync(ApiResources.Agents, "default", Agent($"a{i}"), CancellationToken.None);
        }

        var list = await api.ListAsync(ApiResources.Agents, null, new ListOptions { PageSize = 2 }, CancellationToken.None);

        list.Items.Select(ObjectJson.Name).Should().Equal("a0", "a1", "a2", "a3", "a4");
        list.Items.Should().OnlyContain(i => i["kind"]!.GetValue<string>() == "Agent", "list items get their kind back for the model reader");
        list.ResourceVersion.Should().Be(server.Cluster.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        server.Requests.All.Count(r => r.Method == "GET" && r.Path.EndsWith("/agents", StringComparison.Ordinal)).Should().Be(3);
    }

    [Test]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);

        var missing = await api.GetAsync(ApiResources.Agents, "default", "nope", CancellationToken.None);

        missing.Should().BeNull();
    }

    [Test]
    public async Task PatchAsync_StaleResourceVersion_ThrowsConflictWithTheServersStatus()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        var created = await api.CreateAsync(ApiResources.Agents, "default", Agent("a"), CancellationToken.None);
        await api.PatchAsync(ApiResources.Agents, "default", "a", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["x"] = "1" } } }, null, CancellationToken.None);

        var stale = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = ObjectJson.ResourceVersion(created), ["labels"] = new JsonObject { ["x"] = "2" } } };
        var act = () => api.PatchAsync(ApiResources.Agents, "default", "a", stale, null, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<KubernetesApiException>()).Which;
        error.IsConflict.Should().BeTrue();
        error.Status.Reason.Should().Be("Conflict");
        error.Message.Should().Contain("the object has been modified");
    }

    [Test]
    public async Task PatchAsync_StatusSubresource_ChangesOnlyStatusAndNotTheGeneration()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        await api.CreateAsync(ApiResources.Agents, "default", Agent("a"), CancellationToken.None);
        var patch = new JsonObject { ["status"] = new JsonObject { ["phase"] = "Running" }, ["spec"] = new JsonObject { ["host"] = "elsewhere" } };

        var updated = await api.PatchAsync(ApiResources.Agents, "default", "a", patch, "status", CancellationToken.None);

        updated["status"]!["phase"]!.GetValue<string>().Should().Be("Running");
        updated["spec"]!["host"]!.GetValue<string>().Should().Be("node1", "the status subresource ignores everything but status");
        ObjectJson.Generation(updated).Should().Be(1);
    }

    [Test]
    public async Task CreateAsync_InvalidEnum_ThrowsInvalidNamingTheField()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        var agent = Agent("a");
        agent["spec"]!["runtime"] = "docker";

        var act = () => api.CreateAsync(ApiResources.Agents, "default", agent, CancellationToken.None);

        (await act.Should().ThrowAsync<KubernetesApiException>()).Which.Status.Should().Match<ApiStatus>(s =>
            s.Code == 422 && s.Reason == "Invalid" && s.Message.Contains("spec.runtime: Unsupported value: \"docker\""));
    }

    [Test]
    public async Task Request_WithToken_IsSentAsBearer()
    {
        await using var server = await FakeApiServer.StartAsync(new FakeApiOptions { Token = "s3cret" });
        using var api = Client(server, token: "s3cret");

        await api.ListAsync(ApiResources.Agents, null, null, CancellationToken.None);

        server.Requests.All.Should().OnlyContain(r => r.Authorization == "Bearer s3cret");
    }

    [Test]
    public async Task Request_WrongToken_ThrowsUnauthorized()
    {
        await using var server = await FakeApiServer.StartAsync(new FakeApiOptions { Token = "s3cret" });
        using var api = Client(server, token: "wrong");

        var act = () => api.ListAsync(ApiResources.Agents, null, null, CancellationToken.None);

        (await act.Should().ThrowAsync<KubernetesApiException>()).Which.Code.Should().Be(401);
    }

    [Test]
    public async Task Request_TokenFileRotated_IsReReadAfterAMinute()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var dir = new TempDirectory("token");
        var tokenFile = dir.Write("token", "first\n");
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var connection = new KubernetesConnection { Server = server.Uri, Source = "test", Credentials = new ClientCredentials { TokenFile = tokenFile } };
        using var api = new KubernetesApi(connection, time, new KubernetesMetrics(), NullLogger<KubernetesApi>.Instance);

        await api.GetAsync(ApiResources.Agents, "default", "x", CancellationToken.None);
        File.WriteAllText(tokenFile, "second\n");
        await api.GetAsync(ApiResources.Agents, "default", "x", CancellationToken.None);
        time.Advance(CredentialHandler.TokenFileRefresh);
        await api.GetAsync(ApiResources.Agents, "default", "x", CancellationToken.None);

        server.Requests.All.Select(r => r.Authorization).Should().Equal("Bearer first", "Bearer first", "Bearer second");
    }

    [Test]
    public async Task WatchAsync_OpenLongerThanTheRequestTimeout_KeepsDeliveringEvents()
    {
        await using var server = await FakeApiServer.StartAsync();
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var api = new KubernetesApi(new KubernetesConnection { Server = server.Uri, Source = "test" }, time, new KubernetesMetrics(), NullLogger<KubernetesApi>.Instance);
        var list = await api.ListAsync(ApiResources.Agents, null, null, CancellationToken.None);
        await using var events = api.WatchAsync(ApiResources.Agents, null, new WatchOptions { ResourceVersion = list.ResourceVersion }, CancellationToken.None).GetAsyncEnumerator();
        var next = events.MoveNextAsync().AsTask();
        await server.Requests.WaitAsync(r => r.IsWatch).WithTimeout();

        time.Advance(TimeSpan.FromHours(1));
        using var writer = Client(server);
        await writer.CreateAsync(ApiResources.Agents, "default", Agent("late"), CancellationToken.None);

        (await next.WithTimeout()).Should().BeTrue("the per-request timeout (30 s on the client's clock) must never apply to a watch");
        ObjectJson.Name(events.Current.Object).Should().Be("late");
    }

    [Test]
    public async Task WatchAsync_MalformedLine_IsSkippedAndCountedAndTheStreamGoesOn()
    {
        await using var server = await FakeApiServer.StartAsync();
        var metrics = new KubernetesMetrics();
        using var counter = new CounterProbe(metrics.Meter, "sac_kubernetes_watch_malformed_lines_total");
        using var api = new KubernetesApi(new KubernetesConnection { Server = server.Uri, Source = "test" }, TimeProvider.System, metrics, NullLogger<KubernetesApi>.Instance);
        var list = await api.ListAsync(ApiResources.Agents, null, null, CancellationToken.None);
        await using var events = api.WatchAsync(ApiResources.Agents, null, new WatchOptions { ResourceVersion = list.ResourceVersion }, CancellationToken.None).GetAsyncEnumerator();
        var next = events.MoveNextAsync().AsTask();
        await server.Cluster.WaitForOpenWatchesAsync().WithTimeout();

        server.Cluster.InjectBadLine();
        server.Cluster.InjectBadLine("this is not json at all");
        await api.CreateAsync(ApiResources.Agents, "default", Agent("after"), CancellationToken.None);

        (await next.WithTimeout()).Should().BeTrue();
        ObjectJson.Name(events.Current.Object).Should().Be("after");
        counter.Total.Should().Be(2);
    }
}
