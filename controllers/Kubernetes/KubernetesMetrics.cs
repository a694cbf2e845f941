using System.Diagnostics.Metrics;
using SacOperator.Telemetry;

namespace SacOperator.Kubernetes;

/// <summary>
/// Instruments of the Kubernetes client, store and leases, on the operator's meter. Labels are
/// bounded: verbs, status codes, resource names, event types and fixed reasons.
/// </summary>
public sealed class KubernetesMetrics : IDisposable
{
    public KubernetesMetrics(IMeterFactory? factory = null)
    {
        Meter = factory?.Create(SacMetrics.MeterName) ?? new Meter(SacMetrics.MeterName);
        Requests = Meter.CreateCounter<long>("sac_kubernetes_requests_total", description: "API requests by verb and response code (\"error\" when no response arrived).");
        WatchEvents = Meter.CreateCounter<long>("sac_kubernetes_watch_events_total", description: "Watch events received, by resource and type.");
        WatchRestarts = Meter.CreateCounter<long>("sac_kubernetes_watch_restarts_total", description: "Watches re-opened, by resource and reason (closed, dropped, silent, expired, error).");
        MalformedLines = Meter.CreateCounter<long>("sac_kubernetes_watch_malformed_lines_total", description: "Watch lines that were not valid events and were skipped.");
        Lists = Meter.CreateCounter<long>("sac_kubernetes_lists_total", description: "Full lists (the initial one and relists after an expired resourceVersion).");
        LeaseRenewals = Meter.CreateCounter<long>("sac_kubernetes_lease_renewals_total", description: "Lease acquire or renew attempts, by lease and result.");
        EventsPosted = Meter.CreateCounter<long>("sac_kubernetes_events_total", description: "Kubernetes Events posted, by result (posted, deduplicated, dropped, failed).");
    }

    public Meter Meter { get; }

    public Counter<long> Requests { get; }

    public Counter<long> WatchEvents { get; }

    public Counter<long> WatchRestarts { get; }

    public Counter<long> MalformedLines { get; }

    public Counter<long> Lists { get; }

    public Counter<long> LeaseRenewals { get; }

    public Counter<long> EventsPosted { get; }

    public void Dispose() => Meter.Dispose();
}
