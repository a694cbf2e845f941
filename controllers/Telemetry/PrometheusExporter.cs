using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace SacOperator.Telemetry;

/// <summary>
/// Renders each collected batch as Prometheus text into the buffer of the scrape in progress.
/// Collections nobody scrapes (the SDK's flush and shutdown) have no buffer and are dropped.
/// Only <see cref="PrometheusScrapeReader"/> sets the buffer, one scrape at a time.
/// </summary>
public sealed class PrometheusExporter : BaseExporter<Metric>
{
    private StringBuilder? _target;

    public override ExportResult Export(in Batch<Metric> batch)
    {
        var target = _target;
        if (target is null)
        {
            return ExportResult.Success;
        }

        foreach (var metric in batch)
        {
            PrometheusText.Write(target, metric);
        }

        return ExportResult.Success;
    }

    internal void Begin(StringBuilder target) => _target = target;

    internal void End() => _target = null;
}
