using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using SacOperator.Model;
using SacOperator.Telemetry;

namespace SacOperator.Images;

/// <summary>
/// <c>sac_image_build_duration_seconds{image,result}</c>, <c>sac_image_versions{image}</c> (versions on
/// this host) and <c>sac_image_rollout_agents{image,state}</c> (agents of the image by rollout state,
/// every state present, at 0 too).
/// </summary>
public sealed class ImageMetrics
{
    private readonly ConcurrentDictionary<string, int> _versions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, int>> _rollouts = new(StringComparer.Ordinal);
    private readonly Histogram<double> _buildDuration;

    public ImageMetrics(SacMetrics metrics)
    {
        _buildDuration = metrics.Meter.CreateHistogram<double>("sac_image_build_duration_seconds", "s", "Time an image build took, by result.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200] });
        metrics.Meter.CreateObservableGauge("sac_image_versions",
            () => _versions.Select(kv => new Measurement<int>(kv.Value, new KeyValuePair<string, object?>("image", kv.Key))),
            description: "Built versions of an image kept on this host.");
        metrics.Meter.CreateObservableGauge("sac_image_rollout_agents",
            () => _rollouts.SelectMany(kv => kv.Value.Select(state => new Measurement<int>(state.Value,
                new KeyValuePair<string, object?>("image", kv.Key), new KeyValuePair<string, object?>("state", state.Key)))),
            description: "Agents running an image, by where they are in its rollout (updated, moving, pending, failed).");
    }

    public void RecordBuild(string image, bool succeeded, double seconds) =>
        _buildDuration.Record(seconds, new TagList { { "image", image }, { "result", succeeded ? "success" : "failure" } });

    public void SetVersions(string image, int count) => _versions[image] = count;

    public void SetRollout(string image, ImageRolloutStatus? rollout)
    {
        if (rollout is null)
        {
            _rollouts.TryRemove(image, out _);
            return;
        }

        var counts = RolloutAgentStates.All.ToDictionary(s => s, s => rollout.Agents.Count(e => e.State == s), StringComparer.Ordinal);
        counts[RolloutAgentStates.Updated] = rollout.Updated;
        _rollouts[image] = counts;
    }

    public void Forget(string image)
    {
        _versions.TryRemove(image, out _);
        _rollouts.TryRemove(image, out _);
    }
}
