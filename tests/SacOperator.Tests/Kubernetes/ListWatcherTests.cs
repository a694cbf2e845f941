using System.Globalization;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Kubernetes.Api;
using SacOperator.Kubernetes.Watching;
using SacOperator.Tests.Kubernetes.FakeApi;
using SacOperator.Tests.TestSupport;
using static SacOperator.Tests.Kubernetes.KubernetesApiTests;

namespace SacOperator.Tests.Kubernetes;

/// <summary>List-then-watch robustness against the stand-in: resume, relist on 410, bad lines, bookmarks, silence.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("Kubernetes")]
public sealed class ListWatcherTests
{
    private static bool Is(ObjectChange change, ObjectChangeType type, string name) =>
        change.Type == type && change.Objects.Any(o => ObjectJson.Name(o) == name);

    private static Task CreateAsync(WatcherRun run, string name) =>
        run.Api.CreateAsync(ApiResources.Agents, "default", Agent(name), CancellationToken.None);

    private static Task LabelAsync(WatcherRun run, string name, string value) =>
        run.Api.PatchAsync(ApiResources.Agents, "default", name,
            new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["step"] = value } } }, null, CancellationToken.None);

    private static string? Label(ObjectChange change) => change.Objects[0]["metadata"]?["labels"]?["step"]?.GetValue<string>();

    [Test]
    public async Task Run_Start_ListsFirstThenWatchesFromTheListVersionWithBookmarks()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        await api.CreateAsync(ApiResources.Agents, "default", Agent("a"), CancellationToken.None);
        await using var run = new WatcherRun(server);

        var first = await run.NextAsync();
        var watch = await server.Requests.WaitAsync(r => r.IsWatch).WithTimeout();

        first.Type.Should().Be(ObjectChangeType.Replaced);
        first.Objects.Select(ObjectJson.Name).Should().Equal("a");
        watch.ResourceVersion.Should().Be(server.Cluster.Revision.ToString(CultureInfo.InvariantCulture));
        watch.Query["allowWatchBookmarks"].ToString().Should().Be("true");
        int.Parse(watch.Query["timeoutSeconds"]!, CultureInfo.InvariantCulture).Should().BeInRange(300, 600);
    }

    [Test]
    public async Task Run_ObjectsChange_YieldsUpsertsAndDeletes()
    {
        await using var server = await FakeApiServer.StartAsync();
        await using var run = new WatcherRun(server);
        await run.NextAsync();

        await CreateAsync(run, "a");
        await run.Api.DeleteAsync(ApiResources.Agents, "default", "a", CancellationToken.None);

        (await run.NextAsync()).Should().Match<ObjectChange>(c => Is(c, ObjectChangeType.Upserted, "a"));
        (await run.NextAsync()).Should().Match<ObjectChange>(c => Is(c, ObjectChangeType.Deleted, "a"));
    }

    [Test]
    public async Task Run_ConnectionDroppedWhileAnObjectChanges_ResumesAndLosesNoUpdate()
    {
        await using var server = await FakeApiServer.StartAsync();
        await using var run = new WatcherRun(server);
        await run.NextAsync();
        await CreateAsync(run, "a");
        await run.NextAsync(c => Is(c, ObjectChangeType.Upserted, "a"));
        var seen = run.Watcher.ResourceVersion;
        var before = server.Requests.Count;

        server.Cluster.DropWatches();
        await LabelAsync(run, "a", "while-disconnected");

        var change = await run.NextAsync(c => Is(c, ObjectChangeType.Upserted, "a"));
        Label(change).Should().Be("while-disconnected");
        var resumed = await server.Requests.WaitAsync(r => r.IsWatch, after: before).WithTimeout();
        resumed.ResourceVersion.Should().Be(seen, "the watch resumes from the last version seen, so the server replays what was missed");
        server.Requests.All.Skip(before).Should().NotContain(r => !r.IsWatch && r.Method == "GET", "a dropped connection needs no relist");
    }

    [Test]
    public async Task Run_ExpiredMidStream_RelistsAndYieldsTheCurrentState()
    {
        await using var server = await FakeApiServer.StartAsync();
        await using var run = new WatcherRun(server);
        await run.NextAsync();
        await CreateAsync(run, "a");
        await run.NextAsync(c => Is(c, ObjectChangeType.Upserted, "a"));

        server.Cluster.Compact();
        await LabelAsync(run, "a", "after-compaction");

        var relisted = await run.NextAsync(c => c.Type == ObjectChangeType.Replaced);
        var current = relisted.Objects.Single(o => ObjectJson.Name(o) == "a");
        var label = current["metadata"]!["labels"]?["step"]?.GetValue<string>()
            ?? Label(await run.NextAsync(c => Is(c, ObjectChangeType.Upserted, "a")));
        label.Should().Be("after-compaction");
    }

    [Test]
    public async Task Run_WatchAnsweredWithHttp410_Relists()
    {
        await using var server = await FakeApiServer.StartAsync();
        await using var run = new WatcherRun(server, o => o with { Namespace = "default" });
        await run.NextAsync();
        await server.Cluster.WaitForOpenWatchesAsync().WithTimeout();
        await run.Api.CreateAsync(ApiResources.Agents, "elsewhere", Agent("unseen"), CancellationToken.None);
        var before = server.Requests.Count;
        server.Cluster.GoneAsHttpStatus = true;

        // History is compacted past a write this watcher never saw: its version has expired.
        server.Cluster.Compact(endWatches: false);
        server.Cluster.DropWatches();

        var relisted = await run.NextAsync(c => c.Type == ObjectChangeType.Replaced);
        relisted.Objects.Should().BeEmpty();
        server.Requests.All.Skip(before).Should().Contain(r => r.IsWatch && r.ResourceVersion != null)
            .And.Contain(r => !r.IsWatch && r.Method == "GET" && r.Path.EndsWith("/agents", StringComparison.Ordinal));
    }

    [Test]
    public async Task Run_MalformedLine_IsSkippedWithoutReopeningTheWatch()
    {
        await using var server = await FakeApiServer.StartAsync();
        await using var run = new WatcherRun(server);
        await run.NextAsync();
        await server.Cluster.WaitForOpenWatchesAsync().WithTimeout();
        var before = server.Requests.Count;

        server.Cluster.InjectBadLine();
        await CreateAsync(run, "after-garbage");

        await run.NextAsync(c => Is(c, ObjectChangeType.Upserted, "after-garbage"));
        server.Requests.All.Skip(before).Should().NotContain(r => r.IsWatch, "one bad line must not end the watch");
    }

    [Test]
    public async Task Run_Bookmark_AdvancesTheVersionTheNextWatchResumesFrom()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var other = Client(server);
        await using var run = new WatcherRun(server, o => o with { Namespace = "watched" });
        await run.NextAsync();
        await server.Cluster.WaitForOpenWatchesAsync().WithTimeout();
        await other.CreateAsync(ApiResources.Agents, "elsewhere", Agent("unrelated"), CancellationToken.None);
        var bookmarked = server.Cluster.Revision.ToString(CultureInfo.InvariantCulture);

        server.Cluster.SendBookmarks();
        await run.NextAsync(c => c.Type == ObjectChangeType.Bookmarked);
        run.Watcher.ResourceVersion.Should().Be(bookmarked);
        var before = server.Requests.Count;
        server.Cluster.DropWatches();

        var resumed = await server.Requests.WaitAsync(r => r.IsWatch, after: before).WithTimeout();
        resumed.ResourceVersion.Should().Be(bookmarked);
    }

    [Test]
    public async Task Run_WatchSilentTooLong_IsReopenedAndStillDelivers()
    {
        await using var server = await FakeApiServer.StartAsync();
        await using var run = new WatcherRun(server, o => o with { SilenceTimeout = TimeSpan.FromMilliseconds(300) });
        await run.NextAsync();
        await server.Cluster.WaitForOpenWatchesAsync().WithTimeout();
        var before = server.Requests.Count;

        server.Cluster.StallWatches();
        await CreateAsync(run, "during-silence");

        await run.NextAsync(c => Is(c, ObjectChangeType.Upserted, "during-silence"));
        server.Requests.All.Skip(before).Should().Contain(r => r.IsWatch);
    }

    [Test]
    public async Task Run_WatchEndedByTheServer_ReopensFromTheLastVersion()
    {
        await using var server = await FakeApiServer.StartAsync();
        await using var run = new WatcherRun(server);
        await run.NextAsync();
        await CreateAsync(run, "a");
        await run.NextAsync(c => Is(c, ObjectChangeType.Upserted, "a"));
        var before = server.Requests.Count;

        server.Cluster.EndWatches();

        var reopened = await server.Requests.WaitAsync(r => r.IsWatch, after: before).WithTimeout();
        reopened.ResourceVersion.Should().Be(run.Watcher.ResourceVersion);
    }

    [Test]
    public async Task Run_ListFailsAtFirst_RetriesUntilItSucceeds()
    {
        await using var server = await FakeApiServer.StartAsync();
        server.FailNext("GET", "/agents", 500, times: 2);
        await using var run = new WatcherRun(server);

        var first = await run.NextAsync();

        first.Type.Should().Be(ObjectChangeType.Replaced);
        server.Requests.All.Count(r => r.Method == "GET" && !r.IsWatch).Should().Be(3);
    }

    [Test]
    public async Task Run_CrdNotInstalled_KeepsRetryingWithoutYielding()
    {
        await using var server = await FakeApiServer.StartAsync(new FakeApiOptions { Types = [FakeResourceType.Leases] });
        await using var run = new WatcherRun(server);

        await server.Requests.WaitAsync(r => r.Path.EndsWith("/agents", StringComparison.Ordinal), after: 1).WithTimeout();

        run.Watcher.ResourceVersion.Should().BeNull("nothing was listed, so nothing may be acted on");
    }
}
