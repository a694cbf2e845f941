using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Stores;

namespace SacOperator.Tests.Stores;

[TestFixture]
public sealed class ResourceCacheTests
{
    private static readonly ResourceKey A = ResourceKey.Agent("a");
    private static readonly ResourceKey B = ResourceKey.Agent("b");
    private static readonly ResourceKey C = ResourceKey.Agent("c");

    [Test]
    public void Apply_MixOfChangedAndUnchanged_NotifiesOnlyChangedKeys()
    {
        var cache = new ResourceCache();
        cache.Apply([Upsert(A, "h1"), Upsert(B, "h1")]);
        var notified = Record(cache);

        var changed = cache.Apply([Upsert(A, "h2"), Upsert(B, "h1"), Upsert(C, "h1")]);

        changed.Should().BeEquivalentTo([A, C]);
        notified.Should().BeEquivalentTo([A, C]);
        cache.Snapshot.Get(A)!.ContentHash.Should().Be("h2");
        cache.Snapshot.Count.Should().Be(3);
    }

    [Test]
    public void Apply_SameContentAgain_NotifiesNothingAndKeepsTheSnapshot()
    {
        var cache = new ResourceCache();
        cache.Apply([Upsert(A, "h1")]);
        var before = cache.Snapshot;
        var notified = Record(cache);

        var changed = cache.Apply([Upsert(A, "h1")]);

        changed.Should().BeEmpty();
        notified.Should().BeEmpty();
        cache.Snapshot.Should().BeSameAs(before);
    }

    [Test]
    public void Apply_SameHashNewDiagnosticsOrLocation_Notifies()
    {
        var cache = new ResourceCache();
        cache.Apply([Upsert(A, "h1")]);
        var notified = Record(cache);

        cache.Apply([new(A, Stored(A, "h1") with { Line = 7 })]);

        notified.Should().Equal(A);
    }

    [Test]
    public void Apply_Removal_NotifiesOnlyWhenTheKeyExisted()
    {
        var cache = new ResourceCache();
        cache.Apply([Upsert(A, "h1")]);
        var notified = Record(cache);

        cache.Apply([Remove(A), Remove(B)]);

        notified.Should().Equal(A);
        cache.Snapshot.Get(A).Should().BeNull();
        cache.Snapshot.Count.Should().Be(0);
    }

    [Test]
    public void Replace_FullList_RemovesMissingKeysAndNotifiesOnlyDifferences()
    {
        var cache = new ResourceCache();
        cache.Apply([Upsert(A, "h1"), Upsert(B, "h1")]);
        var notified = Record(cache);

        var changed = cache.Replace(new Dictionary<ResourceKey, StoredResource> { [A] = Stored(A, "h1"), [C] = Stored(C, "h1") });

        changed.Should().BeEquivalentTo([B, C]);
        notified.Should().BeEquivalentTo([B, C]);
        cache.Snapshot.Items.Keys.Should().BeEquivalentTo([A, C]);
    }

    [Test]
    public void Snapshot_TakenBeforeApply_IsUnchangedAfterwards()
    {
        var cache = new ResourceCache();
        cache.Apply([Upsert(A, "h1"), Upsert(B, "h1")]);
        var old = cache.Snapshot;

        cache.Apply([Upsert(A, "h2"), Remove(B), Upsert(C, "h1")]);

        old.Count.Should().Be(2);
        old.Get(A)!.ContentHash.Should().Be("h1");
        old.Get(B).Should().NotBeNull();
        old.Get(C).Should().BeNull();
        cache.Snapshot.Should().NotBeSameAs(old);
        cache.Snapshot.Get(A)!.ContentHash.Should().Be("h2");
    }

    [Test]
    public void Snapshot_OfKind_ListsOnlyThatKind()
    {
        var cache = new ResourceCache();
        var image = new ResourceKey(ResourceKinds.Image, "", "base");

        cache.Apply([Upsert(A, "h1"), Upsert(image, "h1")]);

        cache.Snapshot.OfKind(ResourceKinds.Agent).Select(r => r.Key).Should().Equal(A);
        cache.Snapshot.OfKind(ResourceKinds.Image).Select(r => r.Key).Should().Equal(image);
    }

    [Test]
    public void Subscribe_Disposed_StopsNotifications()
    {
        var cache = new ResourceCache();
        var notified = new List<ResourceKey>();
        var subscription = cache.Subscribe(notified.Add);
        cache.Apply([Upsert(A, "h1")]);

        subscription.Dispose();
        cache.Apply([Upsert(B, "h1")]);

        notified.Should().Equal(A);
    }

    [Test]
    public void Subscribe_SnapshotReadInsideNotification_AlreadyHoldsTheChange()
    {
        var cache = new ResourceCache();
        string? seen = null;
        using var subscription = cache.Subscribe(key => seen = cache.Snapshot.Get(key)?.ContentHash);

        cache.Apply([Upsert(A, "h1")]);

        seen.Should().Be("h1");
    }

    [Test]
    public async Task Apply_ConcurrentWriters_LoseNoUpdate()
    {
        var cache = new ResourceCache();
        var keys = Enumerable.Range(0, 400).Select(i => ResourceKey.Agent($"agent-{i}")).ToList();

        await Task.WhenAll(keys.Chunk(50).Select(chunk => Task.Run(() =>
        {
            foreach (var key in chunk)
            {
                cache.Apply([Upsert(key, "h1")]);
            }
        })));

        cache.Snapshot.Count.Should().Be(400);
    }

    private static List<ResourceKey> Record(ResourceCache cache)
    {
        var notified = new List<ResourceKey>();
        cache.Subscribe(notified.Add);
        return notified;
    }

    private static StoredResource Stored(ResourceKey key, string hash) => new() { Key = key, Source = "a.yaml", ContentHash = hash };

    private static KeyValuePair<ResourceKey, StoredResource?> Upsert(ResourceKey key, string hash) => new(key, Stored(key, hash));

    private static KeyValuePair<ResourceKey, StoredResource?> Remove(ResourceKey key) => new(key, null);
}
