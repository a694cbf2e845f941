using System.Net;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Telemetry;

/// <summary>A real scrape of a running operator with agents in several phases, checked by promtool and line by line.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class MetricsScrapeTests
{
    [Test]
    public async Task Scrape_FleetInSeveralPhases_PassesPromtoolAndCarriesEveryMetric()
    {
        Tools.Require("promtool", "the Debian package 'prometheus'");
        await using var op = await OperatorHarness.StartAsync();
        await MixedFleet.StartAsync(op, withCrashLoop: true);
        using var http = new HttpProbe(op.Url);

        var answer = await http.GetAsync("/metrics");
        var check = await Promtool.CheckMetricsAsync(answer.Text);

        answer.Status.Should().Be(HttpStatusCode.OK);
        check.ExitCode.Should().Be(0, check + "\n" + answer.Text);
        check.Output.Should().BeEmpty("promtool's lint has no findings");
        var text = answer.Text;
        foreach (var family in new[]
                 {
                     "sac_reconcile_total counter", "sac_reconcile_duration_seconds histogram", "sac_workqueue_depth gauge",
                     "sac_workqueue_wait_seconds histogram", "sac_workqueue_adds_total counter", "sac_agents gauge", "sac_agent_up gauge",
                     "sac_agent_restarts_total counter", "sac_agent_heartbeat_age_seconds gauge", "sac_agent_start_time_seconds gauge",
                     "sac_operator_ready gauge", "sac_build_info gauge", "sac_store_sync_errors_total counter",
                     "process_cpu_seconds_total counter", "process_resident_memory_bytes gauge",
                 })
        {
            text.Should().Contain($"# TYPE {family}\n");
        }

        text.Should().Contain($"sac_agents{{phase=\"Running\"}} {MixedFleet.Running}\n")
            .And.Contain("sac_agents{phase=\"Frozen\"} 1\n")
            .And.Contain("sac_agents{phase=\"Failed\"} 1\n")
            .And.Contain("sac_agents{phase=\"Invalid\"} 1\n")
            .And.Contain("sac_agent_up{agent=\"runner\"} 1\n")
            .And.Contain("sac_agent_up{agent=\"frozen\"} 0\n")
            .And.MatchRegex("sac_agent_heartbeat_age_seconds\\{agent=\"beater\"\\} [0-9.e-]+\n")
            .And.MatchRegex("sac_agent_restarts_total\\{agent=\"crasher\"\\} [1-9]")
            .And.Contain("sac_store_sync_errors_total{store=\"directory\"}")
            .And.Contain("sac_reconcile_total{controller=\"Agent\",kind=\"Agent\",result=");
    }
}
