using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Stores;
using SacOperator.Telemetry;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Stores;

[TestFixture]
public sealed partial class DirectoryStoreTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TempDirectory("dirstore");

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public async Task InitialSync_MixedFiles_ExposesValidAndInvalidResourcesPerResource()
    {
        _dir.Write("good.yaml", Manifest.Agent("alpha") + "---\n" + Manifest.Image("base"));
        _dir.Write("mixed.yaml", Manifest.Agent("bad", "  bogusField: 1\n") + "---\n" + Manifest.Host("local"));
        _dir.Write("sub/broken.yml", "apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata:\n  name: broken\nspec: [unclosed\n");
        _dir.Write("notes.txt", "kind: Agent\n");

        await using var running = await RunningStore.StartAsync(_dir.Path);
        var snapshot = running.Store.Cache.Snapshot;

        running.Store.HasSynced.Should().BeTrue();
        snapshot.Items.Keys.Should().BeEquivalentTo(
        [
            ResourceKey.Agent("alpha"), Key(ResourceKinds.Image, "base"), ResourceKey.Agent("bad"),
            Key(ResourceKinds.Host, "local"), ResourceKey.Agent("broken"),
        ]);
        snapshot.Get(ResourceKey.Agent("alpha"))!.IsValid.Should().BeTrue();
        snapshot.Get(Key(ResourceKinds.Image, "base"))!.IsValid.Should().BeTrue();
        snapshot.Get(Key(ResourceKinds.Host, "local"))!.IsValid.Should().BeTrue("a bad document does not spoil its neighbours");
        var bad = snapshot.Get(ResourceKey.Agent("bad"))!;
        bad.IsValid.Should().BeFalse();
        bad.ErrorSummary.Should().Contain("bogusField");
        var broken = snapshot.Get(ResourceKey.Agent("broken"))!;
        broken.IsValid.Should().BeFalse();
        broken.ErrorSummary.Should().Contain("YAML syntax error");
        broken.Source.Should().EndWith("broken.yml");
    }

    [Test]
    public async Task Watcher_NewFile_IsAddedWithoutRescan()
    {
        _dir.Write("a.yaml", Manifest.Agent("alpha"));
        await using var running = await RunningStore.StartAsync(_dir.Path);
        var added = running.Changes.WaitFor(ResourceKey.Agent("beta"), r => r is { IsValid: true });

        _dir.Write("b.yaml", Manifest.Agent("beta"));

        await added.WithTimeout();
        running.Store.Cache.Snapshot.Get(ResourceKey.Agent("beta"))!.Source.Should().EndWith("b.yaml");
    }

    [Test]
    public async Task Watcher_SaveByTempFileAndRename_IsReadWithoutAFullRescan()
    {
        var path = _dir.Write("a.yaml", Manifest.Agent("alpha"));
        _dir.Write("b.yaml", Manifest.Agent("beta"));
        await using var running = await RunningStore.StartAsync(_dir.Path);
        var rescans = 0;
        running.Store.Rescanned += () => Interlocked.Increment(ref rescans);
        var updated = running.Changes.WaitFor(ResourceKey.Agent("alpha"), r => Command(r) == "saved.sh");

        // How editors and git write: a temp file (here also vim's "4913" probe), then a rename over the target.
        File.WriteAllText(_dir.Combine("4913"), "");
        File.Delete(_dir.Combine("4913"));
        File.WriteAllText(_dir.Combine(".a.yaml.tmp"), Manifest.Agent("alpha", command: "saved.sh"));
        File.Move(_dir.Combine(".a.yaml.tmp"), path, overwrite: true);

        await updated.WithTimeout();
        Volatile.Read(ref rescans).Should().Be(0, "a vanished temp file is not a removed directory");
    }

    [Test]
    public async Task Watcher_EditedFile_IsUpdated()
    {
        var path = _dir.Write("a.yaml", Manifest.Agent("alpha"));
        await using var running = await RunningStore.StartAsync(_dir.Path);
        var updated = running.Changes.WaitFor(ResourceKey.Agent("alpha"), r => Command(r) == "edited.sh");

        File.WriteAllText(path, Manifest.Agent("alpha", command: "edited.sh"));

        await updated.WithTimeout();
    }

    [Test]
    public async Task Watcher_DeletedFile_IsRemoved()
    {
        var path = _dir.Write("a.yaml", Manifest.Agent("alpha") + "---\n" + Manifest.Image("base"));
        _dir.Write("b.yaml", Manifest.Agent("beta"));
        await using var running = await RunningStore.StartAsync(_dir.Path);
        var removed = running.Changes.WaitFor(ResourceKey.Agent("alpha"), r => r is null);
        var imageRemoved = running.Changes.WaitFor(Key(ResourceKinds.Image, "base"), r => r is null);

        File.Delete(path);

        await removed.WithTimeout();
        await imageRemoved.WithTimeout();
        running.Store.Cache.Snapshot.Items.Keys.Should().Equal(ResourceKey.Agent("beta"));
    }

    [Test]
    public async Task Watcher_OneDocumentOfFileEdited_NotifiesOnlyThatKey()
    {
        var path = _dir.Write("a.yaml", Manifest.Agent("alpha") + "---\n" + Manifest.Agent("beta"));
        await using var running = await RunningStore.StartAsync(_dir.Path);
        var updated = running.Changes.WaitFor(ResourceKey.Agent("beta"), r => Command(r) == "edited.sh");

        File.WriteAllText(path, Manifest.Agent("alpha") + "---\n" + Manifest.Agent("beta", command: "edited.sh"));
        await updated.WithTimeout();
        await running.RescanAsync();

        running.Changes.Keys.Should().OnlyContain(k => k == ResourceKey.Agent("beta"));
    }

    [Test]
    public async Task Watcher_FileTouchedWithoutChange_DoesNotNotify()
    {
        var path = _dir.Write("a.yaml", Manifest.Agent("alpha"));
        await using var running = await RunningStore.StartAsync(_dir.Path);

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(5));
        await running.RescanAsync();

        running.Changes.Keys.Should().BeEmpty();
        running.Store.Cache.Snapshot.Get(ResourceKey.Agent("alpha"))!.IsValid.Should().BeTrue();
    }

    [Test]
    public async Task Watcher_CommentAppended_DoesNotNotify()
    {
        var path = _dir.Write("a.yaml", Manifest.Agent("alpha"));
        _dir.Write("b.yaml", Manifest.Agent("beta"));
        await using var running = await RunningStore.StartAsync(_dir.Path);
        var barrier = running.Changes.WaitFor(ResourceKey.Agent("beta"), r => Command(r) == "edited.sh");

        File.AppendAllText(path, "# only a comment\n");
        File.WriteAllText(_dir.Combine("b.yaml"), Manifest.Agent("beta", command: "edited.sh"));
        await barrier.WithTimeout();
        await running.RescanAsync();

        running.Changes.Keys.Should().OnlyContain(k => k == ResourceKey.Agent("beta"));
    }

    [Test]
    public async Task Watcher_FileBrokenThenFixed_OnlyItsOwnResourcesChange()
    {
        _dir.Write("a.yaml", Manifest.Agent("alpha"));
        var path = _dir.Write("b.yaml", Manifest.Agent("beta"));
        await using var running = await RunningStore.StartAsync(_dir.Path);
        var broken = running.Changes.WaitFor(ResourceKey.Agent("beta"), r => r is { IsValid: false });

        File.WriteAllText(path, Manifest.Agent("beta").Replace("spec:", "spec: [", StringComparison.Ordinal));
        await broken.WithTimeout();
        var fixedAgain = running.Changes.WaitFor(ResourceKey.Agent("beta"), r => r is { IsValid: true });
        File.WriteAllText(path, Manifest.Agent("beta"));
        await fixedAgain.WithTimeout();
        await running.RescanAsync();

        running.Changes.Keys.Should().OnlyContain(k => k == ResourceKey.Agent("beta"));
        running.Store.Cache.Snapshot.Get(ResourceKey.Agent("alpha"))!.IsValid.Should().BeTrue();
    }

    [Test]
    public async Task Watcher_SameKeyInSecondFile_BothInvalidUntilOneIsDeleted()
    {
        var first = _dir.Write("a.yaml", Manifest.Agent("alpha"));
        await using var running = await RunningStore.StartAsync(_dir.Path);
        var duplicate = running.Changes.WaitFor(ResourceKey.Agent("alpha"), r => r is { IsValid: false });

        var second = _dir.Write("b.yaml", "# the same agent again\n" + Manifest.Agent("alpha"));
        await duplicate.WithTimeout();
        var invalid = running.Store.Cache.Snapshot.Get(ResourceKey.Agent("alpha"))!;
        var valid = running.Changes.WaitFor(ResourceKey.Agent("alpha"), r => r is { IsValid: true });
        File.Delete(first);
        await valid.WithTimeout();

        invalid.Diagnostics.Should().HaveCount(2);
        invalid.Diagnostics.Single(d => d.File == first).Message.Should().Contain($"{second}:2");
        invalid.Diagnostics.Single(d => d.File == second).Message.Should().Contain($"{first}:1");
        running.Store.Cache.Snapshot.Get(ResourceKey.Agent("alpha"))!.Source.Should().Be(second);
    }

    [Test]
    public async Task Rescan_WatcherDisabled_PicksUpNewEditedAndDeletedFiles()
    {
        var edited = _dir.Write("a.yaml", Manifest.Agent("alpha"));
        var deleted = _dir.Write("b.yaml", Manifest.Agent("beta"));
        await using var running = await RunningStore.StartAsync(_dir.Path, disableWatcher: true);
        var added = running.Changes.WaitFor(ResourceKey.Agent("gamma"), r => r is { IsValid: true });
        var updated = running.Changes.WaitFor(ResourceKey.Agent("alpha"), r => Command(r) == "edited.sh");
        var removed = running.Changes.WaitFor(ResourceKey.Agent("beta"), r => r is null);

        _dir.Write("c.yaml", Manifest.Agent("gamma"));
        File.WriteAllText(edited, Manifest.Agent("alpha", command: "edited.sh"));
        File.Delete(deleted);
        await running.RescanAsync();

        added.IsCompleted.Should().BeTrue();
        updated.IsCompleted.Should().BeTrue();
        removed.IsCompleted.Should().BeTrue();
    }

    [Test]
    public async Task Rescan_WatcherDisabledAndNothingChanged_DoesNotNotify()
    {
        var path = _dir.Write("a.yaml", Manifest.Agent("alpha"));
        await using var running = await RunningStore.StartAsync(_dir.Path, disableWatcher: true);

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(5));
        await running.RescanAsync();
        await running.RescanAsync();

        running.Changes.Keys.Should().BeEmpty();
    }

    [Test]
    public async Task Rescan_Periodic_PicksUpChangesWithoutWatcherOrRequest()
    {
        await using var running = await RunningStore.StartAsync(_dir.Path, disableWatcher: true, rescanPeriod: TimeSpan.FromMilliseconds(20));
        var added = running.Changes.WaitFor(ResourceKey.Agent("alpha"), r => r is { IsValid: true });

        _dir.Write("a.yaml", Manifest.Agent("alpha"));

        await added.WithTimeout();
    }

    [Test]
    public async Task Rescan_RootCreatedAfterStart_IsPickedUp()
    {
        var root = _dir.Combine("later");
        await using var running = await RunningStore.StartAsync(root, disableWatcher: true);
        running.Store.HasSynced.Should().BeTrue("a missing root is an empty one");

        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "a.yaml"), Manifest.Agent("alpha"));
        await running.RescanAsync();

        running.Store.Cache.Snapshot.Get(ResourceKey.Agent("alpha"))!.IsValid.Should().BeTrue();
    }

    [Test]
    public async Task InitialSync_SacSpecInAgentDirectory_IsNamedAfterTheDirectory()
    {
        _dir.Write("agents/hello-agent/spec.yaml", Manifest.SacSpec());

        await using var running = await RunningStore.StartAsync(_dir.Path);

        var stored = running.Store.Cache.Snapshot.Get(ResourceKey.Agent("hello-agent"))!;
        stored.IsValid.Should().BeTrue(stored.ErrorSummary);
        var agent = stored.Resource.Should().BeOfType<Agent>().Subject;
        agent.Metadata.Name.Should().Be("hello-agent");
        agent.Spec.Image.Should().Be("sac-base");
        agent.Spec.Claude.Model.Should().Be("sonnet");
        running.Store.Cache.Snapshot.Count.Should().Be(1);
    }

    [Test]
    public async Task InitialSync_NamespaceInManifest_IsDropped()
    {
        _dir.Write("a.yaml", Manifest.Agent("alpha").Replace("  name: alpha\n", "  name: alpha\n  namespace: team-a\n", StringComparison.Ordinal));

        await using var running = await RunningStore.StartAsync(_dir.Path);

        var stored = running.Store.Cache.Snapshot.Get(ResourceKey.Agent("alpha"));
        stored.Should().NotBeNull("directory mode has no namespaces");
        stored!.IsValid.Should().BeTrue();
        stored.Key.Namespace.Should().BeEmpty();
        stored.Resource!.Metadata.Namespace.Should().BeNull();
        running.Store.Cache.Snapshot.Items.Keys.Should().OnlyContain(k => k.Namespace.Length == 0);
    }

    [Test]
    public async Task Watcher_AgentDirectoryRenamed_RenamesTheAgent()
    {
        _dir.Write("agents/old-name/spec.yaml", Manifest.SacSpec());
        await using var running = await RunningStore.StartAsync(_dir.Path);
        var added = running.Changes.WaitFor(ResourceKey.Agent("new-name"), r => r is { IsValid: true });
        var removed = running.Changes.WaitFor(ResourceKey.Agent("old-name"), r => r is null);

        Directory.Move(_dir.Combine("agents", "old-name"), _dir.Combine("agents", "new-name"));

        await added.WithTimeout();
        await removed.WithTimeout();
        running.Store.Cache.Snapshot.Items.Keys.Should().Equal(ResourceKey.Agent("new-name"));
    }

    [Test]
    public async Task Watcher_ManifestDirectoryRenamed_MovesTheSourceWithoutDuplicate()
    {
        _dir.Write("team-a/a.yaml", Manifest.Agent("alpha"));
        await using var running = await RunningStore.StartAsync(_dir.Path);
        var moved = running.Changes.WaitFor(ResourceKey.Agent("alpha"), r => r?.Source.Contains("team-b", StringComparison.Ordinal) == true);

        Directory.Move(_dir.Combine("team-a"), _dir.Combine("team-b"));
        await moved.WithTimeout();
        await running.RescanAsync();

        var stored = running.Store.Cache.Snapshot.Get(ResourceKey.Agent("alpha"))!;
        stored.IsValid.Should().BeTrue(stored.ErrorSummary);
        stored.Source.Should().Be(_dir.Combine("team-b", "a.yaml"));
    }

    [Test]
    public async Task Watcher_PreparedAgentDirectoryMovedIn_IsAdded()
    {
        using var outside = new TempDirectory("outside");
        outside.Write("fresh/spec.yaml", Manifest.SacSpec());
        Directory.CreateDirectory(_dir.Combine("agents"));
        await using var running = await RunningStore.StartAsync(_dir.Path);
        var added = running.Changes.WaitFor(ResourceKey.Agent("fresh"), r => r is { IsValid: true });

        Directory.Move(outside.Combine("fresh"), _dir.Combine("agents", "fresh"));

        await added.WithTimeout();
    }

    [Test]
    [Repeat(10)]
    public async Task Watcher_NewAgentDirectoryWrittenRightAfterSync_IsAdded()
    {
        Directory.CreateDirectory(_dir.Combine("agents"));
        await using var running = await RunningStore.StartAsync(_dir.Path);
        var added = running.Changes.WaitFor(ResourceKey.Agent("fresh"), r => r is { IsValid: true });

        _dir.Write("agents/fresh/spec.yaml", Manifest.SacSpec());

        await added.WithTimeout();
    }

    [Test]
    public async Task Watcher_DottedAgentDirectoryMovedOut_RemovesTheAgent()
    {
        using var outside = new TempDirectory("outside");
        _dir.Write("agents/proj.worker/spec.yaml", Manifest.SacSpec());
        await using var running = await RunningStore.StartAsync(_dir.Path);
        running.Store.Cache.Snapshot.Get(ResourceKey.Agent("proj.worker"))!.IsValid.Should().BeTrue();
        var removed = running.Changes.WaitFor(ResourceKey.Agent("proj.worker"), r => r is null);

        Directory.Move(_dir.Combine("agents", "proj.worker"), outside.Combine("proj.worker"));

        await removed.WithTimeout();
    }

    [Test]
    public async Task Watcher_HiddenFile_IsIgnoredLikeByTheScan()
    {
        _dir.Write("a.yaml", Manifest.Agent("alpha"));
        _dir.Write(".initial-hidden.yaml", Manifest.Agent("hidden-at-start"));
        await using var running = await RunningStore.StartAsync(_dir.Path);
        var barrier = running.Changes.WaitFor(ResourceKey.Agent("visible"), r => r is { IsValid: true });

        _dir.Write(".alpha-backup.yaml", Manifest.Agent("alpha"));
        _dir.Write("..data/alpha.yaml", Manifest.Agent("alpha"));
        _dir.Write("v.yaml", Manifest.Agent("visible"));
        await barrier.WithTimeout();
        await running.RescanAsync();

        running.Store.Cache.Snapshot.Get(ResourceKey.Agent("hidden-at-start")).Should().BeNull();
        running.Changes.Keys.Should().OnlyContain(k => k == ResourceKey.Agent("visible"));
    }

    [Test]
    public async Task Watcher_RootInsideHiddenDirectory_SeesItsFiles()
    {
        var root = _dir.Combine(".sacop", "agents");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "a.yaml"), Manifest.Agent("alpha"));
        await using var running = await RunningStore.StartAsync(root);
        var added = running.Changes.WaitFor(ResourceKey.Agent("beta"), r => r is { IsValid: true });

        File.WriteAllText(Path.Combine(root, "b.yaml"), Manifest.Agent("beta"));

        await added.WithTimeout();
        running.Store.Cache.Snapshot.Get(ResourceKey.Agent("alpha"))!.IsValid.Should().BeTrue();
    }

    private static ResourceKey Key(string kind, string name) => new(kind, "", name);

    private static string? Command(StoredResource? stored) =>
        (stored?.Resource as Agent)?.Spec.Command is { Count: > 1 } command ? command[1] : null;

    private static class Manifest
    {
        public static string Agent(string name, string specExtra = "", string command = "run.sh") =>
            "apiVersion: sacoperator.dev/v1alpha1\n" +
            "kind: Agent\n" +
            "metadata:\n" +
            $"  name: {name}\n" +
            "spec:\n" +
            "  runtime: local\n" +
            $"  command: [\"bash\", \"{command}\"]\n" +
            specExtra;

        public static string Image(string name) =>
            "apiVersion: sacoperator.dev/v1alpha1\n" +
            "kind: Image\n" +
            "metadata:\n" +
            $"  name: {name}\n" +
            "spec:\n" +
            "  source:\n" +
            "    uri: docker://example.org/base:latest\n";

        public static string Host(string name) =>
            "apiVersion: sacoperator.dev/v1alpha1\n" +
            "kind: Host\n" +
            "metadata:\n" +
            $"  name: {name}\n" +
            "spec:\n" +
            "  address: local\n";

        public static string SacSpec() =>
            "apiVersion: scitex-agent-container/v3\n" +
            "kind: Agent\n" +
            "metadata:\n" +
            "  labels:\n" +
            "    role: worker\n" +
            "spec:\n" +
            "  runtime: claude-agent-sdk\n" +
            "  apptainer:\n" +
            "    image: sac-base\n" +
            "  claude:\n" +
            "    model: sonnet\n";
    }

    /// <summary>A DirectoryStore running in the background, with every cache notification recorded.</summary>
    private sealed class RunningStore : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly SacMetrics _metrics = new();
        private Task _run = Task.CompletedTask;

        private RunningStore(DirectoryStoreOptions options)
        {
            Store = new DirectoryStore(options, TimeProvider.System, _metrics, NullLogger<DirectoryStore>.Instance);
            Changes = new ChangeRecorder(Store.Cache);
        }

        public DirectoryStore Store { get; }

        /// <summary>Notifications after the initial sync.</summary>
        public ChangeRecorder Changes { get; }

        /// <param name="rescanPeriod">Long by default, so that only the watcher (or a requested rescan) can see a change.</param>
        /// <param name="configure">Further options (the root poll interval, the deletion settle time).</param>
        public static async Task<RunningStore> StartAsync(
            string root, bool disableWatcher = false, TimeSpan? rescanPeriod = null, Func<DirectoryStoreOptions, DirectoryStoreOptions>? configure = null)
        {
            var options = new DirectoryStoreOptions
            {
                Roots = [root],
                Debounce = TimeSpan.FromMilliseconds(5),
                RescanPeriod = rescanPeriod ?? TimeSpan.FromHours(1),
                DisableWatcher = disableWatcher,
            };
            var running = new RunningStore(configure?.Invoke(options) ?? options);
            running._run = Task.Run(() => running.Store.RunAsync(running._stop.Token));
            await running.Store.WaitForSyncAsync(CancellationToken.None).WithTimeout();
            running.Changes.Start();
            return running;
        }

        /// <summary>
        /// Waits until a full rescan that started after this call has finished. A scan already running
        /// when the first request is made may answer it; the second request is then answered by a
        /// scan that started after that one ended.
        /// </summary>
        public async Task RescanAsync()
        {
            await RequestAndWaitForRescanAsync();
            await RequestAndWaitForRescanAsync();
        }

        private async Task RequestAndWaitForRescanAsync()
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnRescanned() => done.TrySetResult();
            Store.Rescanned += OnRescanned;
            try
            {
                Store.RequestRescan();
                await done.Task.WithTimeout();
            }
            finally
            {
                Store.Rescanned -= OnRescanned;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _run.WithTimeout();
            }
            catch (OperationCanceledException)
            {
            }

            Changes.Dispose();
            Store.Dispose();
            _metrics.Dispose();
            _stop.Dispose();
        }
    }

    private sealed class ChangeRecorder(ResourceCache cache) : IDisposable
    {
        private readonly Lock _lock = new();
        private readonly List<ResourceKey> _keys = [];
        private readonly List<(ResourceKey Key, Func<StoredResource?, bool> Condition, TaskCompletionSource Signal)> _waiters = [];
        private IDisposable? _subscription;

        public IReadOnlyList<ResourceKey> Keys
        {
            get
            {
                lock (_lock)
                {
                    return [.. _keys];
                }
            }
        }

        public void Start() => _subscription = cache.Subscribe(OnChange);

        /// <summary>Completes at a notification of <paramref name="key"/> after which its stored state meets <paramref name="condition"/>.</summary>
        public Task WaitFor(ResourceKey key, Func<StoredResource?, bool> condition)
        {
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                _waiters.Add((key, condition, signal));
            }

            return signal.Task;
        }

        public void Dispose() => _subscription?.Dispose();

        private void OnChange(ResourceKey key)
        {
            var current = cache.Snapshot.Get(key);
            lock (_lock)
            {
                _keys.Add(key);
                foreach (var waiter in _waiters.Where(w => w.Key == key && w.Condition(current)).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Signal.TrySetResult();
                }
            }
        }
    }
}
