using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using SacOperator.Agents;
using SacOperator.Engine;
using SacOperator.Operator.Cli;
using SacOperator.Operator.Http;
using SacOperator.Operator.Telemetry;
using SacOperator.Status;
using SacOperator.Stores;
using SacOperator.Telemetry;

namespace SacOperator.Operator.Hosting;

/// <summary>
/// The metrics pipeline: <see cref="SacMetrics"/> instruments (System.Diagnostics.Metrics) are
/// aggregated by the OpenTelemetry SDK and read by <see cref="PrometheusScrapeReader"/> on each
/// scrape of <c>/metrics</c>, and pushed by OTLP when an endpoint is given.
/// </summary>
public static class OperatorTelemetry
{
    /// <summary>Series per instrument with an agent label; the SDK preallocates this many points (about 100 bytes each).</summary>
    public const int PerAgentCardinality = 16_384;

    public static IServiceCollection AddOperatorTelemetry(this IServiceCollection services, OperatorOptions options)
    {
        services.TryAddSingleton<ReadinessCheck>();
        services.AddSingleton<PrometheusScrapeReader>();
        services.AddSingleton<ProcessMetrics>();
        services.AddSingleton(sp => new OperatorGauges(
            sp.GetRequiredService<SacMetrics>(),
            new GaugeSources
            {
                Fleet = sp.GetRequiredService<FleetView>(),
                Controllers = () => [.. sp.GetServices<IHostedService>().OfType<Controller>()],
                Ready = () => sp.GetRequiredService<ReadinessCheck>().Check().Ready,
                Version = VersionCommand.Version,
            },
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new AccountGauges(
            sp.GetRequiredService<SacMetrics>(),
            () => sp.GetService<IResourceStore>() is { } store && sp.GetService<IStatusWriter>() is { } status ? (store, status) : null));
        services.AddSingleton(sp => new SessionMetrics(sp.GetRequiredService<SacMetrics>(), sp.GetRequiredService<AgentSessions>()));
        services.AddSingleton(sp => BuildMeterProvider(sp, options));
        services.AddHostedService<TelemetryStarter>();
        return services;
    }

    private static MeterProvider BuildMeterProvider(IServiceProvider services, OperatorOptions options)
    {
        var metrics = services.GetRequiredService<SacMetrics>();
        services.GetRequiredService<OperatorGauges>();
        services.GetRequiredService<AccountGauges>();
        services.GetRequiredService<SessionMetrics>();
        services.GetRequiredService<ProcessMetrics>();
        var builder = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.Clear().AddService("sacop", serviceVersion: VersionCommand.Version, serviceInstanceId: options.HostName))
            .AddMeter(SacMetrics.MeterName)
            .AddView(instrument => View(instrument, metrics))
            .AddReader(services.GetRequiredService<PrometheusScrapeReader>());
        if (options.OtlpEndpoint is { } endpoint)
        {
            builder.AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = endpoint;
                // A bare collector address means gRPC (port 4317); a URL with a path, such as .../v1/metrics, HTTP/protobuf.
                exporter.Protocol = endpoint.AbsolutePath is "" or "/" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.OtlpExportInterval.TotalMilliseconds;
            });
        }

        return builder.Build();
    }

    /// <summary>
    /// Only this operator's meter: tests run several operators in one process, and every
    /// provider listens to every meter of the same name.
    /// </summary>
    private static MetricStreamConfiguration? View(System.Diagnostics.Metrics.Instrument instrument, SacMetrics metrics)
    {
        if (!ReferenceEquals(instrument.Meter, metrics.Meter))
        {
            return MetricStreamConfiguration.Drop;
        }

        return instrument.Name.StartsWith("sac_agent_", StringComparison.Ordinal)
            ? new MetricStreamConfiguration { CardinalityLimit = PerAgentCardinality }
            : null;
    }
}
