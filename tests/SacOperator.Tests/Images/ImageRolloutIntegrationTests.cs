using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using SacOperator.Images;
using SacOperator.Model;
using SacOperator.Runtime;
using SacOperator.State;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Images;

/// <summary>
/// Health-gated rollouts with the operator in-process: real builds through the apptainer stand-in,
/// real agent processes in its instances, and the built <c>sacop</c> for <c>image rollout</c>.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ImageRolloutIntegrationTests : IAsyncDisposable
{
    private static readonly ResourceKey Base = new(ResourceKinds.Image, "", "base");
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(90);
    private OperatorHarness _operator = null!;

    [SetUp]
    public async Task StartOperator()
    {
        Tools.Require("bwrap", "the Debian package bubblewrap");
        _operator = await OperatorHarness.StartAsync();
    }

    public async ValueTask DisposeAsync() => await _operator.DisposeAsync();

    [Test]
    public async Task NewVersion_MovesAgentsOneByOne_TheNextOnlyAfterThePreviousWasHealthyForMinReadySeconds()
    {
        _operator.WriteSpec("base.def", ImageControllerIntegrationTests.Def());
        _operator.WriteSpec("base.yaml", ImageControllerIntegrationTests.Image("base", "  rollout:\n    minReadySeconds: 2\n"));
        _operator.WriteSpec("w1.yaml", Agent("w1"));
        _operator.WriteSpec("w2.yaml", Agent("w2"));
        var w1 = await _operator.WaitForAgentAsync("w1", s => s.Phase == AgentPhases.Running, Slow);
        var w2 = await _operator.WaitForAgentAsync("w2", s => s.Phase == AgentPhases.Running, Slow);

        _operator.Services.GetRequiredService<StateStore>().AddRequest(Base, "build");
        var done = await WaitForImageAsync(s => s.ActiveVersion == "v2" && s.Rollout is { Phase: RolloutPhases.Complete }, Slow);

        var w1After = await _operator.WaitForAgentAsync("w1", s => s.Phase == AgentPhases.Running);
        var w2After = await _operator.WaitForAgentAsync("w2", s => s.Phase == AgentPhases.Running);
        w1After.Pid.Should().NotBe(w1.Pid);
        w2After.Pid.Should().NotBe(w2.Pid);
        (w2After.StartedAt - w1After.StartedAt).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2), "w2 moves only once w1 ran v2 healthy for minReadySeconds");
        InstanceImage("w1").Should().Be(Sif("v2"));
        InstanceImage("w2").Should().Be(Sif("v2"));
        done.Rollout!.Updated.Should().Be(2);
        done.Rollout.Total.Should().Be(2);
        done.Conditions.Should().ContainSingle(c => c.Type == ImageConditions.RolledOut).Which.Status.Should().Be(ConditionStatus.True);
        ImageEvents().Select(e => $"{e.Reason} {e.Message}").Where(e => e.StartsWith("Agent", StringComparison.Ordinal)).Should().Equal(
            "AgentMoving moving agent w1 from v1 to v2",
            "AgentUpdated agent w1 runs v2 and stayed healthy for 2s",
            "AgentMoving moving agent w2 from v1 to v2",
            "AgentUpdated agent w2 runs v2 and stayed healthy for 2s");
    }

    [Test]
    public async Task AgentFailingOnNewVersion_StopsTheRolloutAndGoesBack_WhileTheOtherStaysOnTheOldVersion()
    {
        _operator.WriteSpec("base.def", ImageControllerIntegrationTests.Def());
        _operator.WriteSpec("base.yaml", ImageControllerIntegrationTests.Image("base", "  rollout:\n    minReadySeconds: 1\n"));
        _operator.WriteSpec("w1.yaml", Agent("w1", FailsOnBrokenImage));
        _operator.WriteSpec("w2.yaml", Agent("w2", FailsOnBrokenImage));
        await _operator.WaitForAgentAsync("w1", s => s.Phase == AgentPhases.Running, Slow);
        var w2 = await _operator.WaitForAgentAsync("w2", s => s.Phase == AgentPhases.Running, Slow);

        _operator.WriteSpec("broken-marker", "this version breaks the agents\n");
        _operator.WriteSpec("base.def", ImageControllerIntegrationTests.Def(copied: "broken-marker"));
        _operator.Services.GetRequiredService<StateStore>().AddRequest(Base, "build");
        var failed = await WaitForImageAsync(s => s.ActiveVersion == "v2" && s.Rollout is { Phase: RolloutPhases.Failed }, Slow);
        var back = await _operator.WaitForAgentAsync("w1", s => s.Phase == AgentPhases.Running && s.StartedAt > failed.Rollout!.ChangedAt, Slow);

        failed.Reason.Should().Be(ImageReasons.RolloutFailed);
        failed.Message.Should().Contain("agent w1").And.Contain("goes back to v1");
        failed.Conditions.Should().ContainSingle(c => c.Type == ImageConditions.RolledOut).Which.Reason.Should().Be(ImageReasons.RolloutFailed);
        failed.Rollout!.Agents.Should().BeEquivalentTo(
        [
            new { Name = "w1", Version = "v1", State = RolloutAgentStates.Failed },
            new { Name = "w2", Version = "v1", State = RolloutAgentStates.Pending },
        ]);
        back.Pid.Should().NotBeNull();
        InstanceImage("w1").Should().Be(Sif("v1"));
        InstanceImage("w2").Should().Be(Sif("v1"));
        ((AgentStatus)_operator.Status.Latest(ResourceKey.Agent("w2"))!).Pid.Should().Be(w2.Pid, "w2 was never moved");
        ImageEvents().Should().Contain(e => e.Reason == ImageReasons.RolloutFailed && e.Type == EventTypes.Warning);
    }

    [Test]
    public async Task ManualRollout_KeepsAgentsOnTheOldVersion_UntilSacopImageRollout()
    {
        _operator.WriteSpec("base.def", ImageControllerIntegrationTests.Def());
        _operator.WriteSpec("base.yaml", ImageControllerIntegrationTests.Image("base", "  rollout: manual\n"));
        _operator.WriteSpec("w1.yaml", Agent("w1"));
        var w1 = await _operator.WaitForAgentAsync("w1", s => s.Phase == AgentPhases.Running, Slow);
        _operator.Services.GetRequiredService<StateStore>().AddRequest(Base, "build");
        var waiting = await WaitForImageAsync(s => s.ActiveVersion == "v2" && s.Rollout is { Phase: RolloutPhases.Waiting }, Slow);

        var sacop = new SacopCli(_operator.Home);
        var cli = await sacop.RunAsync("image", "rollout", "base");
        var done = await WaitForImageAsync(s => s.Rollout is { Phase: RolloutPhases.Complete }, Slow);
        var table = await sacop.RunAsync("get", "images");

        cli.ExitCode.Should().Be(0, cli.ToString());
        table.Stdout.Should().Contain("ROLLOUT").And.Contain("1/1 Complete");
        waiting.Rollout!.Agents.Should().ContainSingle().Which.Version.Should().Be("v1");
        done.Rollout!.Updated.Should().Be(1);
        var after = await _operator.WaitForAgentAsync("w1", s => s.Phase == AgentPhases.Running);
        after.Pid.Should().NotBe(w1.Pid);
        after.RestartCount.Should().Be(1);
        InstanceImage("w1").Should().Be(Sif("v2"));
        var resumed = ImageEvents().Single(e => e.Reason == ImageReasons.RolloutResumed);
        _operator.Events("w1").Should().ContainSingle(e => e.Reason == "ImageChanged")
            .Which.Id.Should().BeGreaterThan(resumed.Id, "the agent moved only after sacop image rollout");
    }

    [Test]
    public async Task WaitingRollout_OperatorRestarted_KeepsTheAgentOnTheOldVersionUntilAsked()
    {
        _operator.WriteSpec("base.def", ImageControllerIntegrationTests.Def());
        _operator.WriteSpec("base.yaml", ImageControllerIntegrationTests.Image("base", "  rollout:\n    mode: manual\n"));
        _operator.WriteSpec("w1.yaml", Agent("w1"));
        var w1 = await _operator.WaitForAgentAsync("w1", s => s.Phase == AgentPhases.Running, Slow);
        _operator.Services.GetRequiredService<StateStore>().AddRequest(Base, "build");
        await WaitForImageAsync(s => s.ActiveVersion == "v2" && s.Rollout is { Phase: RolloutPhases.Waiting }, Slow);

        await _operator.StopOperatorAsync();
        _operator = await OperatorHarness.StartAsync(_operator.Dir);
        var adopted = await _operator.WaitForAgentAsync("w1", s => s.Phase == AgentPhases.Running, Slow);
        var stillWaiting = await WaitForImageAsync(s => s.Rollout is not null, Slow);
        _operator.Services.GetRequiredService<StateStore>().AddRequest(Base, "rollout");
        await WaitForImageAsync(s => s.Rollout is { Phase: RolloutPhases.Complete }, Slow);

        adopted.Pid.Should().Be(w1.Pid, "the restarted operator adopts w1 on v1 instead of moving it");
        stillWaiting.Rollout!.Phase.Should().Be(RolloutPhases.Waiting);
        InstanceImage("w1").Should().Be(Sif("v2"));
        var resumed = ImageEvents().Single(e => e.Reason == ImageReasons.RolloutResumed);
        _operator.Events("w1").Should().ContainSingle(e => e.Reason == "ImageChanged")
            .Which.Id.Should().BeGreaterThan(resumed.Id, "the agent moved only once the rollout was asked for, after the restart too");
    }

    private const string FailsOnBrokenImage = """["sh", "-c", "if grep -q broken-marker /.standin-image/image; then echo 'broken image' >&2; exit 3; fi; exec sleep 600"]""";

    private async Task<ImageStatus> WaitForImageAsync(Func<ImageStatus, bool> predicate, TimeSpan timeout)
    {
        try
        {
            return (ImageStatus)(await _operator.Status.WaitAsync(Base, s => s is ImageStatus i && predicate(i)).WithTimeout(timeout))!;
        }
        catch (TimeoutException)
        {
            var latest = _operator.Status.Latest(Base) as ImageStatus;
            throw new TimeoutException($"image base did not reach the expected status; latest: active={latest?.ActiveVersion} phase={latest?.Phase} "
                + $"rollout={latest?.Rollout?.Phase} {latest?.Rollout?.Message}");
        }
    }

    private IReadOnlyList<EventEntry> ImageEvents() => _operator.Services.GetRequiredService<StateStore>().ListEvents(Base).OrderBy(e => e.Id).ToList();

    private string Sif(string version)
    {
        var layout = ImageLayout.For(_operator.Home, "base");
        return layout.SifIn(layout.VersionDirectory(version));
    }

    private string InstanceImage(string agent) =>
        File.ReadAllText(Path.Combine(_operator.Dir.Combine("standin-state"), "instances", $"sac-{agent}", "image")).Trim();

    private static string Agent(string name, string command = "[\"sleep\", \"600\"]") => $"""
        apiVersion: sacoperator.dev/v1alpha1
        kind: Agent
        metadata:
          name: {name}
        spec:
          runtime: apptainer
          image: base
          command: {command}
          terminationGracePeriod: 2s
          restart:
            policy: always
            maxRetries: -1
            backoff:
              initial: 300ms
              max: 2s
        """;
}
