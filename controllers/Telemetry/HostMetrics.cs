using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using SacOperator.Model;

namespace SacOperator.Telemetry;

/// <summary>
/// Host instruments: readiness, agents placed, capacity and allocation per resource
/// (<c>agents</c>, <c>cpus</c>, <c>memory</c> in bytes, <c>gpus</c>), and probe durations. The
/// gauges read the last sample of each Host at collection time; a deleted Host's series go away.
/// </summary>
public sealed class HostMetrics
{
    private readonly ConcurrentDictionary<string, HostSample> _hosts = new(StringComparer.Ordinal);

    public HostMetrics(SacMetrics metrics)
    {
        var meter = metrics.Meter;
        ProbeDuration = meter.CreateHistogram<double>("sac_host_probe_duration_seconds", "s", "Time one probe of a host took, by host and result.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        meter.CreateObservableGauge("sac_host_ready", () => _hosts.Select(h => new Measurement<int>(h.Value.Ready ? 1 : 0, Host(h.Key))),
            description: "1 while the host's Ready condition is True, else 0.");
        meter.CreateObservableGauge("sac_host_agents", () => _hosts.Select(h => new Measurement<int>(h.Value.Agents, Host(h.Key))),
            description: "Agents placed on the host.");
        meter.CreateObservableGauge("sac_host_capacity", () => Resources(h => h.Capacity),
            description: "Allocatable resources of the host (agents, cpus, memory in bytes, gpus); unlimited ones are absent.");
        meter.CreateObservableGauge("sac_host_allocated", () => Resources(h => h.Allocated),
            description: "Resources the agents placed on the host take (agents, cpus, memory in bytes, gpus).");
    }

    public Histogram<double> ProbeDuration { get; }

    public void Set(string host, HostSample sample) => _hosts[host] = sample;

    public void Remove(string host) => _hosts.TryRemove(host, out _);

    public void RecordProbe(string host, TimeSpan duration, bool succeeded) =>
        ProbeDuration.Record(duration.TotalSeconds, new TagList { { "host", host }, { "result", succeeded ? "success" : "failure" } });

    private IEnumerable<Measurement<long>> Resources(Func<HostSample, HostCapacity> select)
    {
        foreach (var (host, sample) in _hosts)
        {
            var capacity = select(sample);
            foreach (var (resource, value) in new (string, long?)[] { ("agents", capacity.Agents), ("cpus", capacity.Cpus), ("memory", capacity.Memory), ("gpus", capacity.Gpus) })
            {
                if (value is { } known)
                {
                    yield return new Measurement<long>(known, Host(host), new KeyValuePair<string, object?>("resource", resource));
                }
            }
        }
    }

    private static KeyValuePair<string, object?> Host(string name) => new("host", name);
}
