using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using SacOperator.Agents;
using SacOperator.Engine;
using SacOperator.Images;
using SacOperator.Logs;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.State;
using SacOperator.Status;
using SacOperator.Telemetry;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Images;

/// <summary>
/// The first switch of an Image whose status has no rollout yet (a status written by a release
/// without rollouts): the rollout's pins must be reported before <c>current</c> moves (decision
/// 0026). A real home, state DB, status writer and this machine's node; the status writer is
/// decorated to look at what agent w2 would run at each write, and once to stop the reconcile
/// right after a write (a stand-in for the operator killed there). No agent process runs.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
public sealed class ImageReconcilerSwitchOrderTests : IDisposable
{
    private static readonly ResourceKey Key = new(ResourceKinds.Image, "", "base");
    private readonly TempDirectory _dir = new("image-switch-order");
    private readonly ProcessExitWatcher _watcher = new(TimeProvider.System);
    private readonly SacMetrics _metrics = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly ManualStore _store = new();
    private readonly StateStore _state;
    private readonly LocalNode _node;
    private readonly ImageLayout _layout;
    private readonly List<ImageBuilds> _builds = [];

    public ImageReconcilerSwitchOrderTests()
    {
        var home = _dir.Combine("home");
        var environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = home };
        _state = StateStore.Open(_dir.Combine("state.db"), _time);
        _layout = ImageLayout.For(home, "base");
        _node = new LocalNode(
            "node1",
            new RuntimeRegistry([new LocalRuntime(environment, new ProcessRunner())]),
            new ProcessTracker(_watcher, new KeyChannel("agents"), TimeProvider.System),
            new LaunchInventory(home),
            new StrayReaper(TimeProvider.System),
            new LogRotator(new LogRotationOptions(), NullLogger<LogRotator>.Instance),
            new LocalNodeFiles(home, environment));
    }

    public void Dispose()
    {
        foreach (var builds in _builds)
        {
            builds.Dispose();
        }

        _watcher.Dispose();
        _state.Dispose();
        _metrics.Dispose();
        _dir.Dispose();
    }

    [Test]
    public async Task ReconcileAsync_FirstSwitchWithNoReportedRollout_AgentNotYetMovedNeverResolvesTheNewVersion()
    {
        var (v1, v2) = await StatusWithoutRolloutAsync();
        var seen = new List<(string? Current, string? W2Runs)>();
        var inner = new LocalStatusWriter(_state, _time);
        var status = new ObservingStatusWriter(inner)
        {
            // The status last written is the reported one until this write: what w2 follows in the instant before it.
            BeforeWrite = (key, _) => seen.Add((ImageDisk.Current(_layout), ResolvedFor("w2", inner))),
        };

        await Reconciler(status).ReconcileAsync(Key, CancellationToken.None);

        seen.Should().Contain(s => s.Current == "v2", "the last write comes after the switch, so the window after it was looked at");
        seen.Select(s => s.W2Runs).Should().AllBe(v1.Path, "w2 waits for its turn on v1: at no instant may it follow the new current");
        ImageDisk.Current(_layout).Should().Be("v2");
        ((ImageStatus)inner.Current(Key)!).Rollout!.Agents.Should().BeEquivalentTo(
        [
            new { Name = "w1", Version = "v2", State = RolloutAgentStates.Moving },
            new { Name = "w2", Version = "v1", State = RolloutAgentStates.Pending },
        ]);
        ResolvedFor("w1", inner).Should().Be(v2.Path, "w1's turn came with the switch");
    }

    [Test]
    public async Task ReconcileAsync_OperatorKilledBetweenThePinsAndTheSwitch_RestartedOperatorFindsThePinsAndCarriesOn()
    {
        var (v1, v2) = await StatusWithoutRolloutAsync();
        var killed = new ObservingStatusWriter(new LocalStatusWriter(_state, _time))
        {
            AfterWrite = (key, _) => throw new InvalidOperationException($"stand-in: the operator is killed right after writing {key}"),
        };
        var cut = () => Reconciler(killed).ReconcileAsync(Key, CancellationToken.None);
        await cut.Should().ThrowAsync<InvalidOperationException>();
        var afterKill = ImageDisk.Current(_layout);

        var restarted = new LocalStatusWriter(_state, _time);
        var onRestart = (ImageStatus)restarted.Current(Key)!;
        var w2OnRestart = ResolvedFor("w2", restarted);
        var w1OnRestart = ResolvedFor("w1", restarted);
        _time.Advance(TimeSpan.FromSeconds(5));
        await Reconciler(restarted).ReconcileAsync(Key, CancellationToken.None);

        afterKill.Should().Be("v1", "the pins are written before current moves");
        onRestart.Rollout!.Agents.Should().Contain(e => e.Name == "w2" && e.Version == "v1");
        w2OnRestart.Should().Be(v1.Path, "the restarted operator finds w2 pinned to v1 in the state DB");
        w1OnRestart.Should().Be(v2.Path, "w1's move was recorded, so it goes on to v2 once, not back and forth");
        ImageDisk.Current(_layout).Should().Be("v2");
        var carried = ((ImageStatus)restarted.Current(Key)!).Rollout!;
        carried.Agents.Should().ContainSingle(e => e.Name == "w1").Which.Since.Should().Be(onRestart.Rollout.Agents.Single(e => e.Name == "w1").Since,
            "the restarted operator carries the same move on");
        _state.ListEvents(Key).Where(e => e.Reason is ImageReasons.RolloutStarted or ImageReasons.AgentMoving).Select(e => e.Reason)
            .Should().BeEquivalentTo([ImageReasons.RolloutStarted, ImageReasons.AgentMoving], "no second rollout starts after the restart");
    }

    /// <summary>v1 and v2 built, current at v1, agents w1 and w2, and a status reporting v1 with no rollout.</summary>
    private async Task<(ImageArtifact V1, ImageArtifact V2)> StatusWithoutRolloutAsync()
    {
        var v1 = Built("v1");
        var v2 = Built("v2");
        ImageDisk.Switch(_layout, "v1");
        _store.Put(new Image
        {
            Metadata = new ObjectMeta { Name = "base" },
            Spec = new ImageSpec { Source = new ImageSource { Uri = "docker://ubuntu:24.04" }, Update = false },
        });
        _store.Put(Agent("w1"));
        _store.Put(Agent("w2"));
        await new LocalStatusWriter(_state, _time).WriteAsync(Key, _store.Cache.Snapshot.Get(Key),
            new ImageStatus { Phase = ImagePhases.Ready, ActiveVersion = "v1", Versions = [v1] }, CancellationToken.None);
        return (v1, v2);
    }

    private ImageReconciler Reconciler(IStatusWriter status)
    {
        var events = new StateEventRecorder(_state, _time);
        var metrics = new ImageMetrics(_metrics);
        var channel = new KeyChannel(ResourceKinds.Image);
        var builds = new ImageBuilds(_watcher, events, metrics, _time, NullLogger<ImageBuilds>.Instance);
        _builds.Add(builds);
        var options = new ImageControllerOptions
        {
            OperatorHome = _dir.Combine("home"),
            HostName = "node1",
            Apptainer = "/bin/false",
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
        };
        return new ImageReconciler(_store, status, events, builds, new ImageBuildRequests(channel), metrics, _state, options, channel, _time,
            NullLogger<ImageReconciler>.Instance, new ImageRolloutRequests(channel));
    }

    /// <summary>The artifact the Agent controller would start <paramref name="agent"/> from now, given the status <paramref name="status"/> reports.</summary>
    private string? ResolvedFor(string agent, IStatusWriter status) =>
        AgentDependencyReader.Read(_node, Agent(agent), null, _store.Cache.Snapshot, status).Image?.Artifact;

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

    private static Agent Agent(string name) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new AgentSpec { Runtime = AgentRuntimes.Apptainer, Image = "base", Command = ["sleep", "600"] },
    };
}
