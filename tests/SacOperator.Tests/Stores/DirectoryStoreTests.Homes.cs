using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Stores;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Stores;

/// <summary>
/// A change under a sac agent's home layers (<c>to_home/</c>, <c>_shared/to_home/</c>, a
/// <c>to_home:</c> directory elsewhere) is a change of its spec: the store reads the spec again,
/// through the watcher and through the rescan, and the content digest in the spec changes.
/// </summary>
public sealed partial class DirectoryStoreTests
{
    [Test]
    public async Task Watcher_FileUnderToHomeEdited_SpecIsReadAgainWithANewDigest()
    {
        _dir.Write("agents/worker/spec.yaml", Manifest.SacSpec());
        _dir.Write("agents/worker/to_home/CLAUDE.md", "# worker\n");
        await using var running = await RunningStore.StartAsync(_dir.Combine("agents"));
        var before = Digest(running, "worker");
        var changed = running.Changes.WaitFor(ResourceKey.Agent("worker"), r => DigestOf(r) is { } d && d != before);

        _dir.Write("agents/worker/to_home/CLAUDE.md", "# worker, edited\n");
        _dir.Write("agents/worker/to_home/tool.yaml", Manifest.Agent("intruder"));

        await changed.WithTimeout();
        before.Should().NotBeNull();
        running.Store.Cache.Snapshot.Get(ResourceKey.Agent("intruder")).Should().BeNull("files under to_home/ are home content, never specs");
    }

    [Test]
    public async Task Watcher_SharedToHomeEdited_EveryInheritingSpecIsReadAgain()
    {
        _dir.Write("agents/a/spec.yaml", Manifest.SacSpec());
        _dir.Write("agents/b/spec.yaml", Manifest.SacSpec());
        _dir.Write("agents/_shared/to_home/.mcp.json", """{"mcpServers": {}}""");
        await using var running = await RunningStore.StartAsync(_dir.Combine("agents"));
        var a = Digest(running, "a");
        var b = Digest(running, "b");
        var changedA = running.Changes.WaitFor(ResourceKey.Agent("a"), r => DigestOf(r) is { } d && d != a);
        var changedB = running.Changes.WaitFor(ResourceKey.Agent("b"), r => DigestOf(r) is { } d && d != b);

        _dir.Write("agents/_shared/to_home/.mcp.json", """{"mcpServers": {"fs": {"command": "fs"}}}""");

        await Task.WhenAll(changedA, changedB).WithTimeout();
    }

    [Test]
    public async Task Rescan_LayerDirectoryNamedByToHomeEditedWithoutWatcher_SpecIsReadAgain()
    {
        _dir.Write("agents/worker/spec.yaml", Manifest.SacSpec() + "  to_home: ../../homes/worker\n  to_home_layers: [per-agent]\n");
        _dir.Write("homes/worker/notes.md", "one\n");
        await using var running = await RunningStore.StartAsync(_dir.Combine("agents"), disableWatcher: true);
        var before = Digest(running, "worker");
        var changed = running.Changes.WaitFor(ResourceKey.Agent("worker"), r => DigestOf(r) is { } d && d != before);

        _dir.Write("homes/worker/notes.md", "two\n");
        await running.RescanAsync();

        await changed.WithTimeout();
    }

    [Test]
    public async Task Rescan_ExecutableBitAddedUnderToHome_SpecIsReadAgain()
    {
        _dir.Write("agents/worker/spec.yaml", Manifest.SacSpec());
        var hook = _dir.Write("agents/worker/to_home/.claude/hooks/check.sh", "#!/bin/sh\n");
        Age(_dir.Combine("agents"));
        await using var running = await RunningStore.StartAsync(_dir.Combine("agents"), disableWatcher: true);
        var before = Digest(running, "worker");
        var changed = running.Changes.WaitFor(ResourceKey.Agent("worker"), r => DigestOf(r) is { } d && d != before);

        // chmod changes neither size nor mtime: only the mode in the stamp shows it.
        File.SetUnixFileMode(hook, File.GetUnixFileMode(hook) | UnixFileMode.UserExecute);
        await running.RescanAsync();

        await changed.WithTimeout();
    }

    [Test]
    public async Task Rescan_HomeTreesUnchanged_NoSpecIsReadAgain()
    {
        _dir.Write("agents/a/spec.yaml", Manifest.SacSpec());
        _dir.Write("agents/a/to_home/CLAUDE.md", "# a\n");
        _dir.Write("agents/a/to_home/.claude/commands/go.md", "go\n");
        _dir.Write("agents/_shared/to_home/.mcp.json", "{}");
        Age(_dir.Combine("agents"));
        await using var running = await RunningStore.StartAsync(_dir.Combine("agents"), disableWatcher: true);
        var reads = running.Store.SpecReads;

        await running.RescanAsync();
        await running.RescanAsync();

        reads.Should().Be(1);
        running.Store.SpecReads.Should().Be(reads, "nothing changed, so the stamps match and no spec is read");
        running.Changes.Keys.Should().BeEmpty();
    }

    private static string? Digest(RunningStore running, string name) => DigestOf(running.Store.Cache.Snapshot.Get(ResourceKey.Agent(name)));

    private static string? DigestOf(StoredResource? stored) => (stored?.Resource as Agent)?.Spec.Sac?.HomeDigest;

    /// <summary>Moves every modification time under <paramref name="root"/> an hour back, as for a tree left alone.</summary>
    private static void Age(string root)
    {
        var past = DateTime.UtcNow.AddHours(-1);
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            entry.LastWriteTimeUtc = past;
        }

        Directory.SetLastWriteTimeUtc(root, past);
    }
}
