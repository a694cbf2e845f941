using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.State;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Agents;

/// <summary>The operator in-process with real agent processes (local runtime): the lifecycle end to end.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AgentControllerIntegrationTests : IAsyncDisposable
{
    private OperatorHarness _operator = null!;

    [SetUp]
    public async Task StartOperator() => _operator = await OperatorHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _operator.DisposeAsync();

    public static string Spec(string name, string command = "[\"sleep\", \"600\"]", string extra = "", string restart = "policy: always\n    maxRetries: -1\n    backoff:\n      initial: 300ms\n      max: 2s") => $"""
        apiVersion: sacoperator.dev/v1alpha1
        kind: Agent
        metadata:
          name: {name}
        spec:
          runtime: local
          command: {command}
          terminationGracePeriod: 2s
          restart:
            {restart}
        {extra}
        """;

    [Test]
    public async Task NewSpec_StartsTheAgent_AndRecordsItsProcess()
    {
        _operator.WriteSpec("a.yaml", Spec("a"));

        var status = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);

        var paths = AgentPaths.For(_operator.Home, ResourceKey.Agent("a"));
        new ProcessHandle(status.Pid!.Value, ProcStat.Read(status.Pid.Value)!.Value.StartTicks).IsAlive.Should().BeTrue();
        File.ReadAllText(paths.Pid).Trim().Should().Be(status.Pid.ToString());
        status.InstanceName.Should().Be("sac-a");
        status.Conditions.Should().ContainSingle(c => c.Type == AgentConditions.Ready && c.Status == ConditionStatus.True);
        status.ObservedGeneration.Should().Be(1);
    }

    [Test]
    public async Task KilledAgent_IsRestartedAtOnce_ThenWithBackoff()
    {
        _operator.WriteSpec("a.yaml", Spec("a"));
        var first = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);

        LibC.kill(first.Pid!.Value, LibC.SIGKILL);
        var second = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running && s.Pid != first.Pid);
        LibC.kill(second.Pid!.Value, LibC.SIGKILL);
        var backingOff = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Restarting);
        var third = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running && s.Pid != second.Pid);

        second.RestartCount.Should().Be(1);
        backingOff.LastExitCode.Should().Be(137);
        backingOff.Message.Should().Contain("back-off");
        third.RestartCount.Should().Be(2);
        _operator.Events("a").Should().Contain(e => e.Reason == "Exited" && e.Message.Contains("signal 9"));
    }

    [Test]
    public async Task LabelChange_DoesNotRestart_ButEnvChangeDoes()
    {
        _operator.WriteSpec("a.yaml", Spec("a"));
        var running = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);

        _operator.WriteSpec("a.yaml", Spec("a").Replace("  name: a\n", "  name: a\n  labels:\n    team: blue\n"));
        await _operator.Status.WaitForDesiredAsync(ResourceKey.Agent("a"), d => d?.Resource?.Metadata.Labels.GetValueOrDefault("team") == "blue").WithTimeout();
        var relabelled = (AgentStatus)_operator.Status.Latest(ResourceKey.Agent("a"))!;
        _operator.WriteSpec("a.yaml", Spec("a", extra: "  env:\n    MODE: fast\n"));
        var restarted = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running && s.Pid != running.Pid);

        relabelled.Pid.Should().Be(running.Pid);
        relabelled.ObservedGeneration.Should().Be(1, "labels are metadata: they do not bump the generation");
        restarted.RestartCount.Should().Be(1);
        restarted.ObservedGeneration.Should().Be(2);
        _operator.Events("a").Should().Contain(e => e.Reason == "SpecChanged");
    }

    [Test]
    public async Task Suspend_FreezesTheProcessGroup_AndResumeThawsIt()
    {
        _operator.WriteSpec("a.yaml", Spec("a"));
        var running = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);

        _operator.WriteSpec("a.yaml", Spec("a", extra: "  suspend: true\n"));
        var frozen = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Frozen);
        var stateWhileFrozen = await Eventually.Until(() => ProcStat.Read(running.Pid!.Value)!.Value.State, s => s == 'T', "the kernel to stop the process");
        _operator.WriteSpec("a.yaml", Spec("a"));
        var thawed = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);

        frozen.Pid.Should().Be(running.Pid);
        stateWhileFrozen.Should().Be('T');
        thawed.Pid.Should().Be(running.Pid);
        ProcStat.Read(running.Pid!.Value)!.Value.State.Should().NotBe('T');
    }

    [Test]
    public async Task DeletedSpec_StopsTheAgent_AndKeepsItsRuntimeDirectory()
    {
        var file = _operator.WriteSpec("a.yaml", Spec("a", command: "[\"sh\", \"-c\", \"trap 'exit 0' TERM; echo started; sleep 600 & wait\"]"));
        var running = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);

        File.Delete(file);
        await _operator.WaitForAgentGoneAsync("a");

        ProcStat.Read(running.Pid!.Value).Should().BeNull();
        Directory.Exists(AgentPaths.For(_operator.Home, ResourceKey.Agent("a")).RuntimeDir).Should().BeTrue();
        _operator.Events("a").Should().Contain(e => e.Reason == "Deleted");
    }

    [Test]
    public async Task AgentIgnoringSigterm_IsKilledAfterTheGracePeriod()
    {
        var file = _operator.WriteSpec("a.yaml", Spec("a", command: "[\"sh\", \"-c\", \"trap '' TERM; sleep 600 & wait; sleep 600\"]"));
        var running = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);

        File.Delete(file);
        await _operator.WaitForAgentGoneAsync("a");

        ProcStat.Read(running.Pid!.Value).Should().BeNull();
        _operator.Events("a").Should().Contain(e => e.Reason == "Killing");
    }

    [Test]
    public async Task BrokenFile_MakesOnlyItsAgentInvalid()
    {
        _operator.WriteSpec("good.yaml", Spec("good"));
        await _operator.WaitForAgentAsync("good", s => s.Phase == AgentPhases.Running);

        _operator.WriteSpec("bad.yaml", Spec("bad", restart: "policy: sometimes"));
        var bad = await _operator.WaitForAgentAsync("bad", s => s.Phase == AgentPhases.Invalid);

        bad.Message.Should().Contain("bad.yaml:10:13: spec.restart.policy: must be one of never, on-failure, always");
        ((AgentStatus)_operator.Status.Latest(ResourceKey.Agent("good"))!).Phase.Should().Be(AgentPhases.Running);
    }

    [Test]
    public async Task CrashingAgent_EntersCrashLoopBackOff_WithExitCodeAndStderr()
    {
        _operator.WriteSpec("a.yaml", Spec("a", command: "[\"sh\", \"-c\", \"echo cannot reach model endpoint >&2; exit 3\"]",
            restart: "policy: on-failure\n    maxRetries: -1\n    backoff:\n      initial: 100ms\n      max: 400ms"));

        var looping = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.CrashLoopBackOff);

        looping.LastExitCode.Should().Be(3);
        looping.Message.Should().Contain("last exit code 3").And.Contain("cannot reach model endpoint");
        looping.Conditions.Should().Contain(c => c.Type == AgentConditions.CrashLoop && c.Status == ConditionStatus.True);
        _operator.Events("a").Should().Contain(e => e.Reason == "CrashLoopBackOff" && e.Type == EventTypes.Warning);
    }

    [Test]
    public async Task RestartLimit_GivesUp_AndARestartRequestStartsAgain()
    {
        _operator.WriteSpec("a.yaml", Spec("a", command: "[\"sh\", \"-c\", \"exit 4\"]",
            restart: "policy: on-failure\n    maxRetries: 2\n    backoff:\n      initial: 100ms\n      max: 200ms"));
        var failed = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Failed);

        _operator.Services.GetRequiredService<SacOperator.Agents.RestartRequests>().Request(ResourceKey.Agent("a"), TimeProvider.System.GetUtcNow());
        var restarted = await _operator.WaitForAgentAsync("a", s => s.RestartCount > failed.RestartCount);

        failed.Reason.Should().Be("RestartLimitExceeded");
        failed.RestartCount.Should().Be(2);
        restarted.RestartCount.Should().Be(3);
    }

    [Test]
    public async Task HeartbeatThatStops_RestartsTheWedgedAgent()
    {
        var script = "i=0; while [ $i -lt 3 ]; do date -u +{\\\"ts\\\":\\\"%Y-%m-%dT%H:%M:%S.%NZ\\\"} > $SAC_HEARTBEAT_FILE; i=$((i+1)); sleep 0.1; done; sleep 600";
        _operator.WriteSpec("a.yaml", Spec("a", command: $"[\"sh\", \"-c\", \"{script}\"]",
            extra: "  health:\n    method: heartbeat\n    interval: 200ms\n    failureThreshold: 2\n    initialDelay: 2s\n"));
        var running = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);

        var restarted = await _operator.WaitForAgentAsync("a", s => s.Pid is not null && s.Pid != running.Pid);

        restarted.RestartCount.Should().Be(1);
        _operator.Events("a").Should().Contain(e => e.Reason == "Unhealthy" && e.Message.Contains("heartbeat"));
    }

    [Test]
    public async Task OperatorRestart_AdoptsRunningAgents_WithoutDuplicates()
    {
        _operator.WriteSpec("a.yaml", Spec("a"));
        var before = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);
        var dir = _operator.Dir;
        await _operator.StopOperatorAsync();

        _operator = await OperatorHarness.StartAsync(dir);
        await _operator.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<SacOperator.Engine.Controller>()
            .Single(c => c.Kind == ResourceKinds.Agent).Started.WithTimeout();
        var after = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running && _operator.Events("a").Any(e => e.Reason == "Adopted"));

        after.Pid.Should().Be(before.Pid);
        after.RestartCount.Should().Be(0);
        _operator.Events("a").Count(e => e.Reason == "Started").Should().Be(1);
    }

    [Test]
    public async Task SpecRemovedWhileOperatorWasDown_AgentIsStoppedOnStart()
    {
        var file = _operator.WriteSpec("a.yaml", Spec("a"));
        var before = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);
        var dir = _operator.Dir;
        await _operator.StopOperatorAsync();
        File.Delete(file);

        _operator = await OperatorHarness.StartAsync(dir);
        await _operator.WaitForAgentGoneAsync("a");

        var orphan = new ProcessHandle(before.Pid!.Value, ProcStat.Read(before.Pid.Value)!.Value.StartTicks);
        await Eventually.Until(() => !orphan.IsAlive, "the orphaned agent to be stopped");
        _operator.Events("a").Count(e => e.Reason == "Deleted").Should().Be(1);

        // In-process, the first operator's child is still this test's child: reap it (init would, in production).
        LibC.waitpid(orphan.Pid, out _, LibC.WNOHANG);
    }

    [Test]
    public async Task ApptainerAgent_RunsThroughTheStandIn_AndDeletionStopsTheInstance()
    {
        Tools.Require("bwrap", "the Debian package bubblewrap");
        var image = _operator.Dir.Write("images/agent.sif", "stand-in image");
        var file = _operator.WriteSpec("boxed.yaml", $$"""
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: boxed
            spec:
              runtime: apptainer
              image: {{image}}
              command: ["sh", "-c", "echo '{\"ts\":\"2099-01-01T00:00:00Z\"}' > $SAC_HEARTBEAT_FILE; exec sleep 600"]
            """);

        var running = await _operator.WaitForAgentAsync("boxed", s => s.Phase == AgentPhases.Running);
        var heartbeat = AgentPaths.For(_operator.Home, ResourceKey.Agent("boxed")).Heartbeat;
        await Eventually.Until(() => File.Exists(heartbeat), "the agent to write its heartbeat at /sac/state inside the instance");
        File.Delete(file);
        await _operator.WaitForAgentGoneAsync("boxed");

        running.Runtime.Should().Be("apptainer");
        Directory.Exists(_operator.Dir.Combine("standin-state", "instances", "sac-boxed")).Should().BeFalse("the instance was stopped");
    }
}
