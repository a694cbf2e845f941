using SacOperator.Engine;

namespace SacOperator.Telemetry;

/// <summary>Feeds work-queue measurements into <see cref="SacMetrics"/>; the queue name is the kind.</summary>
public sealed class QueueMetricsObserver(SacMetrics metrics) : IWorkQueueObserver
{
    public void Added(string queue) => metrics.QueueAdds.Add(1, new KeyValuePair<string, object?>("kind", queue));

    public void Started(string queue, TimeSpan waited) =>
        metrics.QueueWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("kind", queue));

    public void Retried(string queue) => metrics.QueueRetries.Add(1, new KeyValuePair<string, object?>("kind", queue));
}
