using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using SacOperator.Telemetry;

namespace SacOperator.Images;

/// <summary><c>sac_image_build_duration_seconds{image,result}</c> and <c>sac_image_versions{image}</c> (versions on this host).</summary>
public sealed class ImageMetrics
{
    private readonly ConcurrentDictionary<string, int> _versions = new(StringComparer.Ordinal);
    private readonly Histogram<double> _buildDuration;

    public ImageMetrics(SacMetrics metrics)
    {
        _buildDuration = metrics.Meter.CreateHistogram<double>("sac_image_build_duration_seconds", "s", "Time an image build took, by result.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200] });
        metrics.Meter.CreateObservableGauge("sac_image_versions",
            () => _versions.Select(kv => new Measurement<int>(kv.Value, new KeyValuePair<string, object?>("image", kv.Key))),
            description: "Built versions of an image kept on this host.");
    }

    public void RecordBuild(string image, bool succeeded, double seconds) =>
        _buildDuration.Record(seconds, new TagList { { "image", image }, { "result", succeeded ? "success" : "failure" } });

    public void SetVersions(string image, int count) => _versions[image] = count;

    public void Forget(string image) => _versions.TryRemove(image, out _);
}
