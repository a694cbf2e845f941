using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace SacOperator.Tests.Telemetry;

/// <summary>The dashboard, alerting rules and Prometheus-operator variants in <c>manifests/monitoring/</c>.</summary>
[TestFixture]
public sealed partial class MonitoringManifestTests
{
    /// <summary>Families the operator exports (MetricsScrapeTests finds each in a real scrape), plus those later controllers add.</summary>
    private static readonly HashSet<string> Exported =
    [
        "sac_reconcile_total", "sac_reconcile_duration_seconds", "sac_workqueue_depth", "sac_workqueue_wait_seconds",
        "sac_workqueue_adds_total", "sac_workqueue_retries_total", "sac_agents", "sac_agent_up", "sac_agent_restarts_total",
        "sac_agent_heartbeat_age_seconds", "sac_agent_start_time_seconds", "sac_operator_ready", "sac_build_info",
        "sac_store_sync_errors_total", "process_cpu_seconds_total", "process_resident_memory_bytes", "up",
        "sac_account_quota_used_ratio", "sac_account_available", "sac_account_reset_timestamp_seconds", "sac_account_agents", "sac_agent_stalled", "sac_agent_api_errors_total",
        "sac_host_ready", "sac_host_agents", "sac_host_capacity", "sac_host_allocated", "sac_host_probe_duration_seconds",
        "sac_agent_turns_total", "sac_agent_tokens_total", "sac_agent_cost_usd_total", "sac_agent_last_turn_timestamp_seconds",
        "sac_image_versions", "sac_image_build_duration_seconds",
    ];

    [Test]
    public async Task Rules_PassPromtoolCheckRules()
    {
        var result = await Promtool.RunAsync(null, "check", "rules", MonitoringManifests.Rules);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("SUCCESS: 13 rules found");
    }

    [Test]
    public async Task Rules_PassTheirPromtoolUnitTests()
    {
        var result = await Promtool.RunAsync(null, "test", "rules", MonitoringManifests.RulesTest);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("SUCCESS");
    }

    [Test]
    public void Rules_EveryAlertHasATest()
    {
        var alerts = Alerts(Yaml(MonitoringManifests.Rules)["groups"]!);
        var tested = Yaml(MonitoringManifests.RulesTest)["tests"]!.AsArray()
            .SelectMany(t => t!["alert_rule_test"]!.AsArray().Select(a => a!["alertname"]!.GetValue<string>()))
            .ToHashSet();

        alerts.Should().OnlyContain(a => tested.Contains(a));
        alerts.Should().Contain(["SacOperatorDown", "SacOperatorNotReady", "SacAgentCrashLooping", "SacAgentHeartbeatStale", "SacReconcileErrorsRising", "SacAccountNearQuota"]);
    }

    [Test]
    public void PrometheusRule_HasExactlyTheGroupsOfTheRulesFile()
    {
        var rules = Yaml(MonitoringManifests.Rules);
        var resource = Yaml(MonitoringManifests.PrometheusRule);

        resource["apiVersion"]!.GetValue<string>().Should().Be("monitoring.coreos.com/v1");
        resource["kind"]!.GetValue<string>().Should().Be("PrometheusRule");
        JsonNode.DeepEquals(resource["spec"]!["groups"], rules["groups"]).Should().BeTrue(
            "prometheusrule.yaml must carry the same groups as prometheus-rules.yaml; copy them over after editing the rules");
    }

    [Test]
    public void ServiceMonitor_SelectsTheServiceWhoseNameIsTheJobTheRulesExpect()
    {
        var documents = YamlAll(MonitoringManifests.ServiceMonitor);
        var service = documents.Single(d => d["kind"]!.GetValue<string>() == "Service");
        var monitor = documents.Single(d => d["kind"]!.GetValue<string>() == "ServiceMonitor");

        var selector = monitor["spec"]!["selector"]!["matchLabels"]!.AsObject();
        selector.Should().OnlyContain(l => service["metadata"]!["labels"]![l.Key]!.GetValue<string>() == l.Value!.GetValue<string>());
        var port = monitor["spec"]!["endpoints"]![0]!["port"]!.GetValue<string>();
        service["spec"]!["ports"]!.AsArray().Should().Contain(p => p!["name"]!.GetValue<string>() == port);
        monitor["spec"]!["endpoints"]![0]!["path"]!.GetValue<string>().Should().Be("/metrics");
        File.ReadAllText(MonitoringManifests.Rules).Should().Contain($"job=\"{service["metadata"]!["name"]!.GetValue<string>()}\"");
    }

    [Test]
    public void Dashboard_CoversTheFleetOverviewPanels()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(MonitoringManifests.Dashboard))!;
        var titles = dashboard["panels"]!.AsArray().Select(p => p!["title"]!.GetValue<string>()).ToList();

        dashboard["uid"]!.GetValue<string>().Should().Be("sacop-fleet");
        titles.Should().Contain(["Agents by phase", "Restarts", "Crash-looping agents", "Heartbeat age", "Reconcile latency",
            "Reconcile errors", "Work queue depth", "Quota used by account", "Stalled agents", "Tokens by type", "API errors by kind",
            "Host readiness", "Host allocation", "Image versions"]);
        dashboard["templating"]!["list"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()).Should().Equal("datasource", "job", "instance");
    }

    [Test]
    public void DashboardAndRules_UseOnlyMetricsTheOperatorExports()
    {
        var expressions = MonitoringManifests.DashboardQueries().Select(q => q.Expr)
            .Concat(Alerts(Yaml(MonitoringManifests.Rules)["groups"]!, field: "expr"));

        var used = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value))
            .Select(n => Regex.Replace(n, "_(bucket|sum|count)$", ""))
            .ToHashSet();

        used.Should().NotBeEmpty().And.OnlyContain(n => Exported.Contains(n), "every series a panel or alert reads must exist");
    }

    [Test]
    public void Dashboard_EveryQueryFiltersByJobAndInstance()
    {
        var queries = MonitoringManifests.DashboardQueries();

        queries.Should().OnlyContain(q => q.Expr.Contains("job=~\"$job\"") && q.Expr.Contains("instance=~\"$instance\""));
    }

    private static IReadOnlyList<string> Alerts(JsonNode groups, string field = "alert") =>
        [.. groups.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => r![field]!.GetValue<string>())];

    private static JsonObject Yaml(string path) => YamlAll(path).Single();

    /// <summary>YAML documents as JSON nodes (through YamlDotNet's JSON-compatible serializer), so they compare structurally.</summary>
    private static List<JsonObject> YamlAll(string path)
    {
        var parser = new Parser(new StringReader(File.ReadAllText(path)));
        var deserializer = new DeserializerBuilder().Build();
        var json = new SerializerBuilder().JsonCompatible().Build();
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        var documents = new List<JsonObject>();
        while (parser.Accept<YamlDotNet.Core.Events.DocumentStart>(out _))
        {
            var document = deserializer.Deserialize(parser);
            documents.Add(JsonNode.Parse(json.Serialize(document))!.AsObject());
        }

        return documents;
    }

    [GeneratedRegex(@"\b(?:sac|process)_[a-z_]+\b|\bup(?=\{)")]
    private static partial Regex MetricName();
}
