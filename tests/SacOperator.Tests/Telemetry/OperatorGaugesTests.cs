using FluentAssertions;
using NUnit.Framework;
using SacOperator.Agents;
using SacOperator.Model;
using SacOperator.Operator.Telemetry;
using SacOperator.Telemetry;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Telemetry;

[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class OperatorGaugesTests : IDisposable
{
    private readonly TempDirectory _dir = new("gauges");
    private readonly SacMetrics _metrics = new();
    private readonly FleetView _fleet = new();
    private readonly ManualTimeProvider _time = new();
    private readonly MetricsProbe _probe;
    private bool _ready = true;

    public OperatorGaugesTests()
    {
        _ = new OperatorGauges(_metrics, new GaugeSources
        {
            Fleet = _fleet,
            Controllers = () => [],
            Ready = () => _ready,
            Version = "1.2.3",
        }, _time);
        _probe = new MetricsProbe(_metrics.Meter);
    }

    public void Dispose()
    {
        _probe.Dispose();
        _metrics.Dispose();
        _dir.Dispose();
    }

    [Test]
    public void Agents_ByPhase_ReportsEveryPhaseIncludingZeros()
    {
        _fleet.Update(ResourceKey.Agent("a"), new AgentSample(AgentPhases.Running, true, null, null));
        _fleet.Update(ResourceKey.Agent("b"), new AgentSample(AgentPhases.Running, true, null, null));
        _fleet.Update(ResourceKey.Agent("c"), new AgentSample(AgentPhases.CrashLoopBackOff, false, null, null));

        var text = _probe.Scrape();

        text.Should().Contain("sac_agents{phase=\"Running\"} 2").And.Contain("sac_agents{phase=\"CrashLoopBackOff\"} 1");
        foreach (var phase in AgentPhases.All.Except([AgentPhases.Running, AgentPhases.CrashLoopBackOff]))
        {
            text.Should().Contain($"sac_agents{{phase=\"{phase}\"}} 0");
        }
    }

    [Test]
    public void AgentUp_PerAgent_NamespaceLabelOnlyWhenTheAgentHasOne()
    {
        _fleet.Update(ResourceKey.Agent("a"), new AgentSample(AgentPhases.Running, true, null, null));
        _fleet.Update(ResourceKey.Agent("b", "team-x"), new AgentSample(AgentPhases.Frozen, false, null, null));

        var text = _probe.Scrape();

        text.Should().Contain("sac_agent_up{agent=\"a\"} 1").And.Contain("sac_agent_up{agent=\"b\",namespace=\"team-x\"} 0");
    }

    [Test]
    public void RecordRestart_SameNameInTwoNamespaces_CountsTwoSeries()
    {
        _metrics.RecordRestart(ResourceKey.Agent("worker"));
        _metrics.RecordRestart(ResourceKey.Agent("worker", "team-x"));
        _metrics.RecordRestart(ResourceKey.Agent("worker", "team-x"));

        var text = _probe.Scrape();

        text.Should().Contain("sac_agent_restarts_total{agent=\"worker\"} 1")
            .And.Contain("sac_agent_restarts_total{agent=\"worker\",namespace=\"team-x\"} 2");
    }

    [Test]
    public void HeartbeatAge_FromTheFilesTimestamp_MeasuredWithTheInjectedClock()
    {
        var file = _dir.Write("a/heartbeat.json", $$"""{"ts": "{{(_time.GetUtcNow() - TimeSpan.FromSeconds(42)).ToString("O")}}", "state": "idle"}""");
        _fleet.Update(ResourceKey.Agent("a"), new AgentSample(AgentPhases.Running, true, file, null));
        _fleet.Update(ResourceKey.Agent("never-beat"), new AgentSample(AgentPhases.Running, true, _dir.Combine("none/heartbeat.json"), null));

        var first = _probe.Scrape();
        _time.Advance(TimeSpan.FromSeconds(8));
        var second = _probe.Scrape();

        first.Should().Contain("sac_agent_heartbeat_age_seconds{agent=\"a\"} 42");
        second.Should().Contain("sac_agent_heartbeat_age_seconds{agent=\"a\"} 50");
        second.Split('\n').Should().NotContain(l => l.StartsWith("sac_agent_heartbeat_age_seconds{agent=\"never-beat\"", StringComparison.Ordinal));
    }

    [Test]
    public void StartTime_OfRunningAgents_InUnixSeconds()
    {
        _fleet.Update(ResourceKey.Agent("a"), new AgentSample(AgentPhases.Running, true, null, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)));
        _fleet.Update(ResourceKey.Agent("down"), new AgentSample(AgentPhases.Restarting, false, null, DateTimeOffset.FromUnixTimeSeconds(1_600_000_000)));

        var text = _probe.Scrape();

        text.Should().Contain("sac_agent_start_time_seconds{agent=\"a\"} 1700000000").And.NotContain("sac_agent_start_time_seconds{agent=\"down\"}");
    }

    [Test]
    public void RemovedAgent_DisappearsFromThePerAgentSeries()
    {
        _fleet.Update(ResourceKey.Agent("gone"), new AgentSample(AgentPhases.Running, true, null, null));
        _probe.Scrape().Should().Contain("agent=\"gone\"");

        _fleet.Remove(ResourceKey.Agent("gone"));

        _probe.Scrape().Should().NotContain("agent=\"gone\"").And.Contain("sac_agents{phase=\"Running\"} 0");
    }

    [Test]
    public void ReadyAndBuildInfo_FollowTheirSources()
    {
        var ready = _probe.Scrape();
        _ready = false;
        var notReady = _probe.Scrape();

        ready.Should().Contain("sac_operator_ready 1").And.Contain("sac_build_info{version=\"1.2.3\"} 1");
        notReady.Should().Contain("sac_operator_ready 0");
    }
}
