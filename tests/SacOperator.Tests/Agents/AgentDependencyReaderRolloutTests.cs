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
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Agents;

/// <summary>
/// Which image version an agent runs while its Image rolls out (decision 0026): the reader
/// against this machine's node, a real home with built versions, and a real status writer.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
public sealed class AgentDependencyReaderRolloutTests : IDisposable
{
    private readonly TempDirectory _dir = new("rollout-pins");
    private readonly ProcessExitWatcher _watcher = new(TimeProvider.System);
    private readonly ManualStore _store = new();
    private readonly StateStore _state;
    private readonly LocalStatusWriter _status;
    private readonly LocalNode _node;

    public AgentDependencyReaderRolloutTests()
    {
        var environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = _dir.Path };
        _state = StateStore.Open(_dir.Combine("state.db"), TimeProvider.System);
        _status = new LocalStatusWriter(_state, TimeProvider.System);
        _node = new LocalNode(
            "node1",
            new RuntimeRegistry([new LocalRuntime(environment, new ProcessRunner())]),
            new ProcessTracker(_watcher, new KeyChannel("agents"), TimeProvider.System),
            new LaunchInventory(_dir.Path),
            new StrayReaper(TimeProvider.System),
            new LogRotator(new LogRotationOptions(), NullLogger<LogRotator>.Instance),
            new LocalNodeFiles(_dir.Path, environment));
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _state.Dispose();
        _dir.Dispose();
    }

    [Test]
    public async Task Read_AgentPinnedByTheRollout_RunsThePinnedVersionNotCurrent()
    {
        var versions = await RollingOutAsync("base");

        var pinned = Read("w1", "base");
        var moved = Read("w2", "base");

        pinned.Should().BeEquivalentTo(new { Artifact = versions[0].Path, Digest = versions[0].Sha256, Pinned = true });
        moved.Should().BeEquivalentTo(new { Artifact = versions[1].Path, Digest = versions[1].Sha256, Pinned = true }, "w2 has no entry: it runs the rollout's version");
    }

    [Test]
    public async Task Read_SacLogicalNameWithSacsOwnContainer_KeepsSacsContainerOverThePin()
    {
        await RollingOutAsync("sac-base");
        var sacs = _dir.Write(".scitex/agent-container/containers/sac-base.sif", "sac's own image\n");

        var dependency = Read("w1", "sac-base");

        dependency.Should().BeEquivalentTo(new { Artifact = sacs, Pinned = false });
    }

    /// <summary>v1 and v2 built, current at v2, and a rollout to v2 that keeps w1 on v1.</summary>
    private async Task<ImageArtifact[]> RollingOutAsync(string image)
    {
        var layout = ImageLayout.For(_dir.Path, image);
        var versions = new[] { Built(layout, "v1"), Built(layout, "v2") };
        ImageDisk.Switch(layout, "v2");
        var resource = new Image { Metadata = new ObjectMeta { Name = image }, Spec = new ImageSpec { Source = new ImageSource { Uri = "docker://ubuntu:24.04" } } };
        _store.Put(resource);
        await _status.WriteAsync(resource.Key, _store.Cache.Snapshot.Get(resource.Key), new ImageStatus
        {
            Phase = ImagePhases.Ready,
            ActiveVersion = "v2",
            Versions = versions,
            Rollout = new ImageRolloutStatus
            {
                Version = "v2",
                Phase = RolloutPhases.Progressing,
                Agents = [new RolloutAgentStatus { Name = "w1", Version = "v1", From = "v1", State = RolloutAgentStates.Pending }],
            },
        }, CancellationToken.None);
        return versions;
    }

    private static ImageArtifact Built(ImageLayout layout, string version)
    {
        var directory = layout.VersionDirectory(version);
        Directory.CreateDirectory(directory);
        var sif = layout.SifIn(directory);
        File.WriteAllText(sif, $"image {version}\n");
        var artifact = new ImageArtifact { Version = version, Path = sif, Sha256 = ImageDisk.Sha256Of(sif) };
        ImageDisk.WriteJson(Path.Combine(directory, ImageLayout.MetadataFile), new BuiltVersion(artifact));
        return artifact;
    }

    private ImageDependency Read(string agent, string image) =>
        AgentDependencyReader.Read(_node, new Agent
        {
            Metadata = new ObjectMeta { Name = agent },
            Spec = new AgentSpec { Runtime = AgentRuntimes.Apptainer, Image = image, Command = ["sleep", "600"] },
        }, null, _store.Cache.Snapshot, _status).Image!;
}
