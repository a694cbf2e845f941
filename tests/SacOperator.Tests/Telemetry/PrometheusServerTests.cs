using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Telemetry;

/// <summary>
/// A real Prometheus server scrapes a running operator every second and evaluates the shipped
/// alerting rules; PromQL through its HTTP API sees the fleet, and every dashboard query runs.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class PrometheusServerTests
{
    [Test]
    public async Task Prometheus_ScrapingTheOperator_CountsRunningAgentsAndRunsEveryDashboardQueryAndRule()
    {
        Tools.Require("prometheus", "the Debian package 'prometheus'");
        await using var op = await OperatorHarness.StartAsync();
        await MixedFleet.StartAsync(op, withCrashLoop: false);
        await using var prometheus = await PrometheusServer.StartAsync(op.Dir, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {MonitoringManifests.Rules}
            scrape_configs:
              - job_name: sacop
                static_configs:
                  - targets: ['{op.Url.Authority}']
            """);

        var running = await Eventually.Until(
            () => prometheus.ScalarAsync("sum(sac_agents{phase=\"Running\"})"),
            value => value == MixedFleet.Running.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "Prometheus to scrape the operator");
        var up = await prometheus.ScalarAsync("up{job=\"sacop\"}");
        var ready = await prometheus.ScalarAsync("sac_operator_ready");
        var failedQueries = new List<string>();
        foreach (var (panel, expr) in MonitoringManifests.DashboardQueries())
        {
            var answer = await prometheus.QueryAsync(MonitoringManifests.Substitute(expr));
            if (answer["status"]!.GetValue<string>() != "success")
            {
                failedQueries.Add($"{panel}: {expr}: {answer["error"]}");
            }
        }

        var rules = await Eventually.Until(
            async () => (await prometheus.GetAsync("api/v1/rules"))["data"]!["groups"]!.AsArray()
                .SelectMany(g => g!["rules"]!.AsArray()).Select(r => (Name: r!["name"]!.GetValue<string>(), Health: r["health"]!.GetValue<string>())).ToList(),
            list => list.Count > 0 && list.All(r => r.Health != "unknown"),
            "Prometheus to evaluate the alerting rules");

        running.Should().Be("2");
        up.Should().Be("1");
        ready.Should().Be("1");
        failedQueries.Should().BeEmpty();
        rules.Should().HaveCount(13).And.OnlyContain(r => r.Health == "ok", prometheus.Log);
    }
}
