using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using SacOperator.Telemetry;

namespace SacOperator.Tests.TestSupport;

/// <summary>
/// The production metrics path for one meter: an OpenTelemetry meter provider with a
/// <see cref="PrometheusScrapeReader"/>, limited to exactly that meter instance (tests run in
/// parallel and meters of the same name exist in other tests).
/// </summary>
public sealed class MetricsProbe : IDisposable
{
    private readonly MeterProvider _provider;
    private readonly PrometheusScrapeReader _reader = new();

    public MetricsProbe(Meter meter)
    {
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meter.Name)
            .AddView(i => ReferenceEquals(i.Meter, meter) ? null : MetricStreamConfiguration.Drop)
            .AddReader(_reader)
            .Build();
    }

    public string Scrape() => _reader.Scrape(TimeSpan.FromSeconds(10)) ?? throw new InvalidOperationException("collection failed");

    public void Dispose() => _provider.Dispose();
}
