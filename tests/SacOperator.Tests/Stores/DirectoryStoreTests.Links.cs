using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Stores;

/// <summary>Symbolic links in a watched tree: followed, but each directory and file seen once.</summary>
public sealed partial class DirectoryStoreTests
{
    [Test]
    public async Task InitialSync_SymlinkLoopAndDanglingLink_TheGoodAgentIsValidAndDefinedOnce()
    {
        _dir.Write("agents/good/spec.yaml", Manifest.SacSpec());
        Directory.CreateSymbolicLink(_dir.Combine("agents", "loop"), ".");
        File.CreateSymbolicLink(_dir.Combine("agents", "dangling.yaml"), _dir.Combine("nowhere.yaml"));

        await using var running = await RunningStore.StartAsync(_dir.Combine("agents"));

        var good = running.Store.Cache.Snapshot.Get(ResourceKey.Agent("good"))!;
        good.IsValid.Should().BeTrue(good.ErrorSummary);
        good.Source.Should().Be(_dir.Combine("agents", "good", "spec.yaml"));
        running.Store.Cache.Snapshot.Count.Should().Be(1);
    }

    [Test]
    public async Task InitialSync_DirectoryAlsoReachedThroughALink_IsNotADuplicate()
    {
        _dir.Write("agents/team/a.yaml", Manifest.Agent("alpha"));
        Directory.CreateSymbolicLink(_dir.Combine("agents", "alias"), "team");

        await using var running = await RunningStore.StartAsync(_dir.Combine("agents"));

        var alpha = running.Store.Cache.Snapshot.Get(ResourceKey.Agent("alpha"))!;
        alpha.IsValid.Should().BeTrue(alpha.ErrorSummary);
        alpha.Source.Should().Be(_dir.Combine("agents", "team", "a.yaml"), "the real path wins over the link");
    }

    [Test]
    public async Task Rescan_TargetOfASymlinkedSpecEdited_IsReadAgain()
    {
        using var outside = new TempDirectory("outside");
        var target = outside.Write("alpha.yaml", Manifest.Agent("alpha"));
        Directory.CreateDirectory(_dir.Combine("agents"));
        File.CreateSymbolicLink(_dir.Combine("agents", "a.yaml"), target);
        await using var running = await RunningStore.StartAsync(_dir.Combine("agents"), disableWatcher: true);
        running.Store.Cache.Snapshot.Get(ResourceKey.Agent("alpha"))!.IsValid.Should().BeTrue();

        File.WriteAllText(target, Manifest.Agent("alpha", command: "edited.sh"));
        await running.RescanAsync();

        Command(running.Store.Cache.Snapshot.Get(ResourceKey.Agent("alpha"))).Should().Be("edited.sh");
    }
}
