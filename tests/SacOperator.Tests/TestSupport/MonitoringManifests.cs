using System.Text.Json.Nodes;

namespace SacOperator.Tests.TestSupport;

/// <summary>The files of <c>manifests/monitoring/</c> and the PromQL they hold.</summary>
public static class MonitoringManifests
{
    public static string Dir => Path.Combine(Repo.Root, "manifests", "monitoring");

    public static string Rules => Path.Combine(Dir, "prometheus-rules.yaml");

    public static string RulesTest => Path.Combine(Dir, "prometheus-rules.test.yaml");

    public static string PrometheusRule => Path.Combine(Dir, "prometheusrule.yaml");

    public static string ServiceMonitor => Path.Combine(Dir, "servicemonitor.yaml");

    public static string Dashboard => Path.Combine(Dir, "grafana-dashboard.json");

    /// <summary>Every panel target's expression, titled by its panel.</summary>
    public static IReadOnlyList<(string Panel, string Expr)> DashboardQueries()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Dashboard))!;
        return [.. dashboard["panels"]!.AsArray()
            .SelectMany(p => (p!["targets"]?.AsArray() ?? []).Select(t => (p["title"]!.GetValue<string>(), t!["expr"]!.GetValue<string>())))];
    }

    /// <summary>A dashboard expression with Grafana's variables replaced as "All" and a one-minute rate interval.</summary>
    public static string Substitute(string expr) =>
        expr.Replace("$__rate_interval", "1m", StringComparison.Ordinal)
            .Replace("$job", ".*", StringComparison.Ordinal)
            .Replace("$instance", ".*", StringComparison.Ordinal);
}
