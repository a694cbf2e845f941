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
/// The Image reconciler's rollout step on a real home, state DB and status writer. No build runs:
/// the versions are laid out on disk as finished builds leave them, and the agent has no process
/// (nothing runs its pinned version, so only the rollout's pin keeps that version).
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
public sealed class ImageReconcilerRolloutTests : IDisposable
{
    private static readonly ResourceKey Key = new(ResourceKinds.Image, "", "base");
    private readonly TempDirectory _dir = new("image-rollout");
    private readonly ProcessExitWatcher _watcher = new(TimeProvider.System);
    private readonly SacMetrics _metrics = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly ManualStore _store = new();
    private readonly StateStore _state;
    private readonly LocalStatusWriter _status;
    private readonly ImageBuilds _builds;
    private readonly ImageReconciler _reconciler;
    private readonly ImageLayout _layout;

    public ImageReconcilerRolloutTests()
    {
        _state = StateStore.Open(_dir.Combine("state.db"), _time);
        _status = new LocalStatusWriter(_state, _time);
        var events = new StateEventRecorder(_state, _time);
        var metrics = new ImageMetrics(_metrics);
        var channel = new KeyChannel(ResourceKinds.Image);
        _builds = new ImageBuilds(_watcher, events, metrics, _time, NullLogger<ImageBuilds>.Instance);
        var options = new ImageControllerOptions
        {
            OperatorHome = _dir.Combine("home"),
            HostName = "node1",
            Apptainer = "/bin/false",
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
        };
        _layout = ImageLayout.For(options.OperatorHome, "base");
        _reconciler = new ImageReconciler(_store, _status, events, _builds, new ImageBuildRequests(channel), metrics, _state, options, channel, _time,
            NullLogger<ImageReconciler>.Instance, new ImageRolloutRequests(channel));
    }

    public void Dispose()
    {
        _builds.Dispose();
        _watcher.Dispose();
        _state.Dispose();
        _metrics.Dispose();
        _dir.Dispose();
    }

    [Test]
    public async Task ReconcileAsync_VersionPinnedByAWaitingRollout_IsNotPrunedThoughNoAgentRunsIt()
    {
        var versions = new[] { Built("v1"), Built("v2") };
        ImageDisk.Switch(_layout, "v2");
        var image = PutImage(keepVersions: 1);
        PutAgent("w1");
        await _status.WriteAsync(Key, _store.Cache.Snapshot.Get(Key), new ImageStatus
        {
            Phase = ImagePhases.Ready,
            ActiveVersion = "v2",
            Versions = versions,
            Rollout = new ImageRolloutStatus
            {
                Version = "v2",
                Phase = RolloutPhases.Waiting,
                StartedAt = _time.GetUtcNow(),
                ChangedAt = _time.GetUtcNow(),
                Agents = [new RolloutAgentStatus { Name = "w1", Version = "v1", From = "v1", State = RolloutAgentStates.Pending }],
            },
        }, CancellationToken.None);

        await _reconciler.ReconcileAsync(image.Key, CancellationToken.None);

        var reported = (ImageStatus)_status.Current(Key)!;
        Directory.Exists(_layout.VersionDirectory("v1")).Should().BeTrue("w1 is pinned to v1 until the rollout moves it");
        reported.Versions.Select(v => v.Version).Should().Equal("v1", "v2");
        reported.Rollout!.Phase.Should().Be(RolloutPhases.Waiting);
        reported.Rollout.Agents.Should().ContainSingle().Which.Version.Should().Be("v1");
    }

    [Test]
    public async Task ReconcileAsync_SpecTurnsInvalidMidRollout_KeepsTheVersionsAndPins()
    {
        var versions = new[] { Built("v1"), Built("v2") };
        PutImage(keepVersions: 1);
        await _status.WriteAsync(Key, _store.Cache.Snapshot.Get(Key), new ImageStatus
        {
            Phase = ImagePhases.Ready,
            ActiveVersion = "v2",
            Versions = versions,
            Rollout = new ImageRolloutStatus
            {
                Version = "v2",
                Phase = RolloutPhases.Waiting,
                Agents = [new RolloutAgentStatus { Name = "w1", Version = "v1", From = "v1", State = RolloutAgentStates.Pending }],
            },
        }, CancellationToken.None);
        _store.Put(Key, hash: "unreadable");

        await _reconciler.ReconcileAsync(Key, CancellationToken.None);

        var reported = (ImageStatus)_status.Current(Key)!;
        reported.Phase.Should().Be(AgentPhases.Invalid);
        reported.Versions.Should().Equal(versions);
        reported.Rollout!.Agents.Should().ContainSingle().Which.Version.Should().Be("v1", "w1 keeps its pin while the spec is being fixed");
    }

    [Test]
    public async Task ReconcileAsync_NoRolloutAndNoAgentOnTheOldVersion_PrunesIt()
    {
        Built("v1");
        Built("v2");
        ImageDisk.Switch(_layout, "v1");
        var image = PutImage(keepVersions: 1);
        PutAgent("w1");

        await _reconciler.ReconcileAsync(image.Key, CancellationToken.None);

        var reported = (ImageStatus)_status.Current(Key)!;
        Directory.Exists(_layout.VersionDirectory("v1")).Should().BeFalse("keepVersions 1, and no agent runs or is pinned to v1");
        reported.Rollout!.Version.Should().Be("v2");
        reported.Rollout.Phase.Should().Be(RolloutPhases.Complete, "the image had no rollout to carry on");
    }

    private ImageArtifact Built(string version)
    {
        var directory = _layout.VersionDirectory(version);
        Directory.CreateDirectory(directory);
        var sif = _layout.SifIn(directory);
        File.WriteAllText(sif, $"image {version}\n");
        var artifact = new ImageArtifact { Version = version, Path = sif, Sha256 = ImageDisk.Sha256Of(sif), BuiltAt = _time.GetUtcNow() };
        ImageDisk.WriteJson(Path.Combine(directory, ImageLayout.MetadataFile), new BuiltVersion(artifact));
        return artifact;
    }

    private Image PutImage(int keepVersions)
    {
        var image = new Image
        {
            Metadata = new ObjectMeta { Name = "base" },
            Spec = new ImageSpec
            {
                Source = new ImageSource { Uri = "docker://ubuntu:24.04" },
                Update = false,
                KeepVersions = keepVersions,
                Rollout = new ImageRolloutSpec { Mode = RolloutModes.Manual },
            },
        };
        _store.Put(image);
        return image;
    }

    private void PutAgent(string name) => _store.Put(new Agent
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new AgentSpec { Runtime = AgentRuntimes.Apptainer, Image = "base", Command = ["sleep", "600"] },
    });
}
