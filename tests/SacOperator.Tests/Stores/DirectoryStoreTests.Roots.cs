using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Stores;

/// <summary>A watched root that disappears, returns or is replaced: out of sight is not deleted.</summary>
public sealed partial class DirectoryStoreTests
{
    [Test]
    public async Task RootDeleted_KeepsItsResourcesAndReportsNotSynced()
    {
        var root = _dir.Combine("agents");
        _dir.Write("agents/a.yaml", Manifest.Agent("alpha"));
        _dir.Write("agents/team/b.yaml", Manifest.Agent("beta"));
        await using var running = await RunningStore.StartAsync(root);

        Directory.Delete(root, recursive: true);
        await Eventually.Until(() => !running.Store.HasSynced, "the store to notice that its root is gone");
        await running.RescanAsync();

        running.Store.Cache.Snapshot.Items.Keys.Should().BeEquivalentTo([ResourceKey.Agent("alpha"), ResourceKey.Agent("beta")]);
        running.Store.Cache.Snapshot.Get(ResourceKey.Agent("alpha"))!.IsValid.Should().BeTrue();
        running.Changes.Keys.Should().BeEmpty("a root that is gone deletes nothing");
        running.Store.NotSyncedReason.Should().Contain(root).And.Contain("is gone");
    }

    [Test]
    public async Task FileDeletedJustBeforeItsRoot_IsKept()
    {
        // rm -rf removes the files first, the root last: while deletions keep coming, none is final.
        var root = _dir.Combine("agents");
        var first = _dir.Write("agents/a.yaml", Manifest.Agent("alpha"));
        _dir.Write("agents/b.yaml", Manifest.Agent("beta"));
        await using var running = await RunningStore.StartAsync(root);

        File.Delete(first);
        Directory.Delete(root, recursive: true);
        await Eventually.Until(() => !running.Store.HasSynced, "the store to notice that its root is gone");
        await running.RescanAsync();

        running.Store.Cache.Snapshot.Items.Keys.Should().BeEquivalentTo([ResourceKey.Agent("alpha"), ResourceKey.Agent("beta")]);
        running.Changes.Keys.Should().BeEmpty();
    }

    [Test]
    public async Task RootDeletedThenRestored_ShowsTheNewTreeWithoutWaitingForTheRescanAndWatchesIt()
    {
        var root = _dir.Combine("agents");
        _dir.Write("agents/a.yaml", Manifest.Agent("alpha"));
        _dir.Write("agents/b.yaml", Manifest.Agent("beta"));
        _dir.Write("restored/a.yaml", Manifest.Agent("alpha", command: "edited.sh"));
        await using var running = await RunningStore.StartAsync(root);
        Directory.Delete(root, recursive: true);
        await Eventually.Until(() => !running.Store.HasSynced, "the store to notice that its root is gone");
        var updated = running.Changes.WaitFor(ResourceKey.Agent("alpha"), r => Command(r) == "edited.sh");
        var removed = running.Changes.WaitFor(ResourceKey.Agent("beta"), r => r is null);

        Directory.Move(_dir.Combine("restored"), root);
        await updated.WithTimeout();
        await removed.WithTimeout();
        var editedAgain = running.Changes.WaitFor(ResourceKey.Agent("alpha"), r => Command(r) == "again.sh");
        File.WriteAllText(Path.Combine(root, "a.yaml"), Manifest.Agent("alpha", command: "again.sh"));
        await editedAgain.WithTimeout();

        running.Store.HasSynced.Should().BeTrue();
        running.Store.Cache.Snapshot.Items.Keys.Should().Equal(ResourceKey.Agent("alpha"));
    }

    [Test]
    public async Task RootRemovedAndRecreatedWithinAPoll_IsWatchedAgain()
    {
        // rm -rf agents && mkdir agents: ext4 gives the new directory the inode number of the old one.
        var root = _dir.Combine("agents");
        _dir.Write("agents/a.yaml", Manifest.Agent("alpha"));
        await using var running = await RunningStore.StartAsync(root, configure: o => o with { RootPollInterval = TimeSpan.FromMilliseconds(200) });
        var polled = 0;
        running.Store.Rescanned += () => Interlocked.Increment(ref polled);

        Directory.Delete(root, recursive: true);
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "a.yaml"), Manifest.Agent("alpha"));
        await Eventually.Until(() => Volatile.Read(ref polled) > 0, "a rescan of the recreated root");
        var added = running.Changes.WaitFor(ResourceKey.Agent("beta"), r => r is { IsValid: true });
        File.WriteAllText(Path.Combine(root, "b.yaml"), Manifest.Agent("beta"));

        await added.WithTimeout();
        running.Store.Cache.Snapshot.Get(ResourceKey.Agent("alpha"))!.IsValid.Should().BeTrue();
    }

    [Test]
    public async Task RootReplacedByAnotherDirectory_IsRescannedAndWatched()
    {
        var root = _dir.Combine("agents");
        _dir.Write("agents/a.yaml", Manifest.Agent("alpha"));
        _dir.Write("agents/b.yaml", Manifest.Agent("beta"));
        _dir.Write("new/a.yaml", Manifest.Agent("alpha", command: "edited.sh"));
        await using var running = await RunningStore.StartAsync(root);
        var updated = running.Changes.WaitFor(ResourceKey.Agent("alpha"), r => Command(r) == "edited.sh");
        var removed = running.Changes.WaitFor(ResourceKey.Agent("beta"), r => r is null);

        // How a checkout is swapped in place: mv agents old && mv new agents.
        Directory.Move(root, _dir.Combine("old"));
        Directory.Move(_dir.Combine("new"), root);
        await updated.WithTimeout();
        await removed.WithTimeout();
        var added = running.Changes.WaitFor(ResourceKey.Agent("gamma"), r => r is { IsValid: true });
        File.WriteAllText(Path.Combine(root, "c.yaml"), Manifest.Agent("gamma"));
        await added.WithTimeout();

        running.Store.HasSynced.Should().BeTrue();
    }
}
