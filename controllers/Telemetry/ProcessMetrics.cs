using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SacOperator.Telemetry;

/// <summary>
/// The standard <c>process_*</c> series Prometheus client libraries export, so the operator's
/// own CPU, memory and file descriptors can be graphed and alerted on (its idle budget is ≤ 1 %
/// of a core). Read at collection time only.
/// </summary>
public sealed class ProcessMetrics
{
    public ProcessMetrics(SacMetrics metrics)
    {
        using var self = Process.GetCurrentProcess();
        var startSeconds = new DateTimeOffset(self.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
        var meter = metrics.Meter;
        meter.CreateObservableCounter("process_cpu_seconds_total", () => Environment.CpuUsage.TotalTime.TotalSeconds, "s", "Total user and system CPU time spent by the operator.");
        meter.CreateObservableGauge("process_resident_memory_bytes", () => Environment.WorkingSet, "By", "Resident memory of the operator.");
        meter.CreateObservableGauge("process_start_time_seconds", () => startSeconds, "s", "Start time of the operator process, seconds since the Unix epoch.");
        meter.CreateObservableGauge("process_open_fds", OpenFileDescriptors, description: "Open file descriptors of the operator.");
    }

    private static IEnumerable<Measurement<int>> OpenFileDescriptors()
    {
        int count;
        try
        {
            count = Directory.EnumerateFileSystemEntries("/proc/self/fd").Count();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        yield return new Measurement<int>(count);
    }
}
