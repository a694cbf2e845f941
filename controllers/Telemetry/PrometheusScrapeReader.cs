using System.Text;
using OpenTelemetry.Metrics;

namespace SacOperator.Telemetry;

/// <summary>
/// A pull reader for <c>/metrics</c>: nothing is collected between scrapes; each scrape runs the
/// observable callbacks and snapshots the instruments once (cumulative temporality, as Prometheus
/// expects). Concurrent scrapes are serialised; each returns a complete exposition.
/// </summary>
/// <remarks>
/// The SDK's own pull mode is reserved to its Prometheus exporters, so this reader runs as a
/// regular exporting reader that is never given a period: only <see cref="Scrape"/> collects.
/// </remarks>
public sealed class PrometheusScrapeReader : BaseExportingMetricReader
{
    private readonly PrometheusExporter _exporter;
    private readonly Lock _gate = new();
    private readonly StringBuilder _buffer = new(16 * 1024);

    public PrometheusScrapeReader()
        : this(new PrometheusExporter())
    {
    }

    private PrometheusScrapeReader(PrometheusExporter exporter)
        : base(exporter)
    {
        _exporter = exporter;
    }

    /// <summary>Collects and renders every metric; null when the SDK could not collect in time (or is shut down).</summary>
    public string? Scrape(TimeSpan timeout)
    {
        lock (_gate)
        {
            _buffer.Clear();
            _exporter.Begin(_buffer);
            try
            {
                return Collect((int)timeout.TotalMilliseconds) ? _buffer.ToString() : null;
            }
            finally
            {
                _exporter.End();
            }
        }
    }
}
