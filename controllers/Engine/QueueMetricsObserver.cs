using System.Diagnostics;
using SacOperator.Telemetry;

namespace SacOperator.Engine;

/// <summary>
/// Feeds one controller's work-queue measurements into <see cref="SacMetrics"/>, labelled with the
/// controller's name and kind (two controllers of one kind keep separate series).
/// </summary>
public sealed class QueueMetricsObserver(SacMetrics metrics, string controller, string kind) : IWorkQueueObserver
{
    private readonly TagList _tags = new() { { "controller", controller }, { "kind", kind } };

    public void Added(string queue) => metrics.QueueAdds.Add(1, _tags);

    public void Started(string queue, TimeSpan waited) => metrics.QueueWait.Record(waited.TotalSeconds, _tags);

    public void Retried(string queue) => metrics.QueueRetries.Add(1, _tags);
}
