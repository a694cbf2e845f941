using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Runtime;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Agents;

/// <summary>HTTP and exec health probes against real endpoints and commands, through the running operator.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class HealthProbeIntegrationTests : IAsyncDisposable
{
    private OperatorHarness _operator = null!;

    [SetUp]
    public async Task StartOperator() => _operator = await OperatorHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _operator.DisposeAsync();

    [Test]
    public async Task HttpProbe_PassingThenFailing_RestartsTheAgentAfterTheThreshold()
    {
        await using var server = new TinyHttpServer();
        _operator.WriteSpec("web.yaml", AgentControllerIntegrationTests.Spec("web",
            extra: $"  health:\n    method: http\n    interval: 100ms\n    timeout: 1s\n    failureThreshold: 2\n    initialDelay: 0s\n    http:\n      port: {server.Port}\n      path: /healthz\n"));

        var ready = await _operator.WaitForAgentAsync("web", s => s.Phase == AgentPhases.Running && s.Conditions.Any(c => c.Type == "Ready" && c.Status == "True"));
        server.StatusCode = 503;
        var restarted = await _operator.WaitForAgentAsync("web", s => s.Pid is not null && s.Pid != ready.Pid);

        restarted.RestartCount.Should().Be(1);
        server.Requests.Should().BeGreaterThanOrEqualTo(3);
        _operator.Events("web").Should().Contain(e => e.Reason == "Unhealthy" && e.Message.Contains("503"));
    }

    [Test]
    public async Task ExecProbe_CommandStartsFailing_RestartsTheAgent()
    {
        var flag = _operator.Dir.Combine("healthy");
        File.WriteAllText(flag, "");
        _operator.WriteSpec("job.yaml", AgentControllerIntegrationTests.Spec("job",
            extra: $"  health:\n    method: exec\n    interval: 100ms\n    failureThreshold: 2\n    initialDelay: 0s\n    exec:\n      command: [\"test\", \"-f\", \"{flag}\"]\n"));

        var ready = await _operator.WaitForAgentAsync("job", s => s.Phase == AgentPhases.Running && s.Conditions.Any(c => c.Type == "Ready" && c.Status == "True"));
        File.Delete(flag);
        var restarted = await _operator.WaitForAgentAsync("job", s => s.Pid is not null && s.Pid != ready.Pid);

        restarted.RestartCount.Should().Be(1);
        _operator.Events("job").Should().Contain(e => e.Reason == "Unhealthy" && e.Message.Contains("exec probe failed"));
    }

    [Test]
    public async Task HeartbeatMethod_StartingUntilTheFirstBeat_ThenRunning()
    {
        _operator.WriteSpec("hb.yaml", AgentControllerIntegrationTests.Spec("hb",
            command: "[\"sh\", \"-c\", \"sleep 0.3; date -u +{\\\"ts\\\":\\\"%Y-%m-%dT%H:%M:%SZ\\\"} > $SAC_HEARTBEAT_FILE; exec sleep 600\"]",
            extra: "  health:\n    method: heartbeat\n    interval: 100ms\n    failureThreshold: 50\n"));

        var starting = await _operator.WaitForAgentAsync("hb", s => s.Phase == AgentPhases.Starting);
        var running = await _operator.WaitForAgentAsync("hb", s => s.Phase == AgentPhases.Running);

        running.Pid.Should().Be(starting.Pid);
        File.Exists(AgentPaths.For(_operator.Home, ResourceKey.Agent("hb")).Heartbeat).Should().BeTrue();
    }
}
