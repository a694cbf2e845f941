using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using SacOperator.Engine;
using SacOperator.Images;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.State;
using SacOperator.Status;
using SacOperator.Telemetry;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Images;

/// <summary>
/// The Image reconciler with a build that ends while a reconcile is reading the image's state.
/// The interleaving is forced, not waited for: the def file copies a named pipe, so the reconcile
/// blocks reading its source until the test writes it. Builds run through a stand-in apptainer
/// written here (a real process that waits on a second pipe, then writes the SIF); everything
/// else is real (files, processes, SQLite).
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
public sealed class ImageReconcilerRaceTests : IDisposable
{
    private readonly TempDirectory _dir = new("image-race");
    private readonly ProcessExitWatcher _watcher = new(TimeProvider.System);
    private readonly SacMetrics _metrics = new();
    private readonly StateStore _state;
    private readonly ImageBuilds _builds;
    private readonly ImageReconciler _reconciler;
    private readonly ManualStore _store = new();
    private readonly KeyChannel _channel = new(ResourceKinds.Image);
    private readonly HeldBuiltEvent _held;

    public ImageReconcilerRaceTests()
    {
        _state = StateStore.Open(_dir.Combine("state.db"), TimeProvider.System);
        var events = new StateEventRecorder(_state, TimeProvider.System);
        var metrics = new ImageMetrics(_metrics);
        _held = new HeldBuiltEvent(events);
        _builds = new ImageBuilds(_watcher, _held, metrics, TimeProvider.System, NullLogger<ImageBuilds>.Instance);
        var options = new ImageControllerOptions
        {
            OperatorHome = _dir.Combine("home"),
            HostName = "node1",
            Apptainer = _dir.Write("gated-apptainer", GatedApptainer),
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/local/bin:/usr/bin:/bin", ["GATE"] = Gate },
            SourceSettle = TimeSpan.Zero,
        };
        File.SetUnixFileMode(options.Apptainer, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _reconciler = new ImageReconciler(_store, new LocalStatusWriter(_state, TimeProvider.System), events, _builds,
            new ImageBuildRequests(_channel), metrics, _state, options, _channel, TimeProvider.System, NullLogger<ImageReconciler>.Instance);
    }

    /// <summary>Waits for one line on <c>$GATE</c>, then writes a SIF to OUT (<c>apptainer build [flags] OUT SRC</c>).</summary>
    private const string GatedApptainer = """
        #!/bin/sh
        read -r _ < "$GATE"
        eval "out=\${$(($# - 1))}"
        echo "INFO:    Build complete: $out"
        echo "a SIF from the gated stand-in" > "$out"
        """;

    private string Gate => _dir.Combine("gate");

    public void Dispose()
    {
        _held.Release();
        _builds.Dispose();
        _watcher.Dispose();
        _state.Dispose();
        _metrics.Dispose();
        _dir.Dispose();
    }

    [Test]
    public async Task BuildEndingDuringAReconcile_ItsVersionNotYetSeen_IsNotFollowedByASecondBuild()
    {
        var copied = _dir.Write("src/copied.txt", "first edition\n");
        var def = _dir.Write("src/base.def", "Bootstrap: docker\nFrom: ubuntu:24.04\n%files\n    copied.txt /opt/copied.txt\n%post\n    echo built\n");
        var key = PutImage(def);
        Mkfifo(Gate);
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var attached = _channel.Attach(k =>
        {
            if (k == key && _builds.Running(key) is null)
            {
                ended.TrySetResult();
            }
        });
        await _reconciler.ReconcileAsync(key, CancellationToken.None);
        _builds.Running(key).Should().NotBeNull("the first reconcile starts v1, held by the gate");

        // The copied file becomes a pipe: the next reconcile blocks in the middle of reading its source.
        File.Delete(copied);
        Mkfifo(copied);
        var second = Task.Run(() => _reconciler.ReconcileAsync(key, CancellationToken.None));
        await using var source = await Task.Run(() => new FileStream(copied, FileMode.Open, FileAccess.Write)).WithTimeout();
        await ReleaseGateAsync();
        await ended.Task.WithTimeout();
        await source.WriteAsync("second edition\n"u8.ToArray());
        await source.DisposeAsync();
        await second.WithTimeout();

        var layout = ImageLayout.For(_dir.Combine("home"), "base");
        _builds.Running(key).Should().BeNull("v1 ended and nothing else was worth building from what the reconcile saw");
        ImageDisk.NextNumber(layout).Should().Be(2, "no v2 build was started");
        _state.ListEvents(key).Where(e => e.Reason == ImageReasons.BuildStarted).Should().ContainSingle();
        ImageDisk.Versions(layout).Select(v => v.Version).Should().Equal("v1");
    }

    [Test]
    public async Task BuildPublishedButNotYetEnded_Reconciled_IsSwitchedToOnlyAfterItsBuiltEvent()
    {
        _dir.Write("src/copied.txt", "first edition\n");
        var def = _dir.Write("src/base.def", "Bootstrap: docker\nFrom: ubuntu:24.04\n%files\n    copied.txt /opt/copied.txt\n%post\n    echo built\n");
        var key = PutImage(def);
        var layout = ImageLayout.For(_dir.Combine("home"), "base");
        Mkfifo(Gate);
        _held.Hold();
        await _reconciler.ReconcileAsync(key, CancellationToken.None);
        await ReleaseGateAsync();
        await _held.Reached.WithTimeout();
        Directory.Exists(layout.VersionDirectory("v1")).Should().BeTrue("the build published v1 and is recording its end");

        await _reconciler.ReconcileAsync(key, CancellationToken.None);
        var currentWhileEnding = ImageDisk.Current(layout);
        _held.Release();
        await EventuallyNotRunningAsync(key);
        await _reconciler.ReconcileAsync(key, CancellationToken.None);

        currentWhileEnding.Should().BeNull("v1 is taken once its build has ended");
        ImageDisk.Current(layout).Should().Be("v1");
        _state.ListEvents(key).Select(e => e.Reason).Should().Equal(ImageReasons.BuildStarted, ImageReasons.Built, ImageReasons.Switched);
    }

    private async Task EventuallyNotRunningAsync(ResourceKey key)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var attached = _channel.Attach(k =>
        {
            if (k == key && _builds.Running(key) is null)
            {
                ended.TrySetResult();
            }
        });
        if (_builds.Running(key) is null)
        {
            return;
        }

        await ended.Task.WithTimeout();
    }

    private ResourceKey PutImage(string def)
    {
        var image = new Image
        {
            Metadata = new ObjectMeta { Name = "base" },
            Spec = new ImageSpec { Source = new ImageSource { DefFile = def } },
        };
        _store.Put(image);
        return image.Key;
    }

    private async Task ReleaseGateAsync()
    {
        await using var gate = await Task.Run(() => new FileStream(Gate, FileMode.Open, FileAccess.Write)).WithTimeout();
        await gate.WriteAsync("go\n"u8.ToArray());
    }

    /// <summary>Records events, holding the <c>Built</c> one while asked to (the build then stays in the running set).</summary>
    private sealed class HeldBuiltEvent(IEventRecorder inner) : IEventRecorder
    {
        private readonly ManualResetEventSlim _released = new(true);
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public void Hold() => _released.Reset();

        public void Release() => _released.Set();

        public void Record(ResourceKey key, string type, string reason, string message)
        {
            if (reason == ImageReasons.Built)
            {
                _reached.TrySetResult();
                _released.Wait(TaskTimeouts.Default);
            }

            inner.Record(key, type, reason, message);
        }
    }

    private static void Mkfifo(string path)
    {
        using var process = System.Diagnostics.Process.Start("mkfifo", [path]);
        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"mkfifo {path}");
    }
}
