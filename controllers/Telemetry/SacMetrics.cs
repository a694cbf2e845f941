using System.Diagnostics;
using System.Diagnostics.Metrics;
using SacOperator.Model;

namespace SacOperator.Telemetry;

/// <summary>
/// The operator's instruments. Names are the Prometheus names (base units, <c>_total</c> on
/// counters). Labels are bounded: kinds, phases, results, and one series per agent at most —
/// never messages or other free text.
/// </summary>
public sealed class SacMetrics : IDisposable
{
    public const string MeterName = "SacOperator";

    public SacMetrics(IMeterFactory? factory = null)
    {
        Meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        ReconcileTotal = Meter.CreateCounter<long>("sac_reconcile_total", description: "Reconciles by kind and result.");
        ReconcileDuration = Meter.CreateHistogram<double>("sac_reconcile_duration_seconds", "s", "Time spent in one reconcile.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        QueueWait = Meter.CreateHistogram<double>("sac_workqueue_wait_seconds", "s", "Time a key waited in the queue before a worker took it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] });
        QueueAdds = Meter.CreateCounter<long>("sac_workqueue_adds_total", description: "Keys added to a work queue.");
        QueueRetries = Meter.CreateCounter<long>("sac_workqueue_retries_total", description: "Rate-limited re-adds after failed reconciles.");
        AgentRestarts = Meter.CreateCounter<long>("sac_agent_restarts_total", description: "Agent restarts after an exit or failed health check.");
        StoreSyncErrors = Meter.CreateCounter<long>("sac_store_sync_errors_total", description: "Errors while reading desired state (bad files, watch failures).");
    }

    public Meter Meter { get; }

    public Counter<long> ReconcileTotal { get; }

    public Histogram<double> ReconcileDuration { get; }

    public Histogram<double> QueueWait { get; }

    public Counter<long> QueueAdds { get; }

    public Counter<long> QueueRetries { get; }

    public Counter<long> AgentRestarts { get; }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<ResourceKey, byte> _known = new();

    public Counter<long> StoreSyncErrors { get; }

    /// <summary>
    /// Counts one restart, labelled as the per-agent gauges are: <c>agent</c>, plus <c>namespace</c> for
    /// Kubernetes-mode agents, so the same name in two namespaces stays two series.
    /// </summary>
    public void RecordRestart(ResourceKey key)
    {
        _known.TryAdd(key, 0);
        AgentRestarts.Add(1, AgentTags(key));
    }

    /// <summary>
    /// Exports the agent's counters at zero the first time it is seen, so that <c>increase()</c>
    /// and <c>rate()</c> see its first restart (a series that appears at 1 hides it).
    /// </summary>
    public void EnsureAgent(ResourceKey key)
    {
        if (_known.TryAdd(key, 0))
        {
            AgentRestarts.Add(0, AgentTags(key));
        }
    }

    private static TagList AgentTags(ResourceKey key)
    {
        var tags = new TagList { { "agent", key.Name } };
        if (key.Namespace.Length > 0)
        {
            tags.Add("namespace", key.Namespace);
        }

        return tags;
    }

    public void Dispose() => Meter.Dispose();
}
