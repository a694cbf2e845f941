using FluentAssertions;
using NUnit.Framework;
using SacOperator.Images;
using SacOperator.Model;
using SacOperator.Telemetry;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Images;

[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ImageMetricsTests : IDisposable
{
    private readonly SacMetrics _metrics = new();
    private readonly ImageMetrics _images;
    private readonly MetricsProbe _probe;

    public ImageMetricsTests()
    {
        _images = new ImageMetrics(_metrics);
        _probe = new MetricsProbe(_metrics.Meter);
    }

    public void Dispose()
    {
        _probe.Dispose();
        _metrics.Dispose();
    }

    [Test]
    public async Task BuildsAndVersions_Scraped_AreLabelledByImageAndResultAndPassPromtool()
    {
        _images.RecordBuild("base", succeeded: true, 42);
        _images.RecordBuild("base", succeeded: false, 3);
        _images.SetVersions("base", 2);
        _images.SetVersions("tools", 1);
        _images.Forget("tools");

        var text = _probe.Scrape();
        var check = await Promtool.CheckMetricsAsync(text);

        text.Should().Contain("sac_image_build_duration_seconds_count{image=\"base\",result=\"success\"} 1")
            .And.Contain("sac_image_build_duration_seconds_sum{image=\"base\",result=\"failure\"} 3")
            .And.Contain("sac_image_versions{image=\"base\"} 2")
            .And.NotContain("image=\"tools\"", "a removed Image's gauge goes with it");
        check.ExitCode.Should().Be(0, check.ToString());
    }

    [Test]
    public async Task RolloutAgents_Scraped_HaveEveryStateAtZeroToo()
    {
        _images.SetRollout("base", new ImageRolloutStatus
        {
            Version = "v2",
            Phase = RolloutPhases.Progressing,
            Updated = 1,
            Total = 3,
            Agents =
            [
                new RolloutAgentStatus { Name = "b", Version = "v2", From = "v1", State = RolloutAgentStates.Moving },
                new RolloutAgentStatus { Name = "c", Version = "v1", From = "v1", State = RolloutAgentStates.Pending },
            ],
        });
        _images.SetRollout("tools", null);

        var text = _probe.Scrape();
        var check = await Promtool.CheckMetricsAsync(text);

        text.Should().Contain("sac_image_rollout_agents{image=\"base\",state=\"updated\"} 1")
            .And.Contain("sac_image_rollout_agents{image=\"base\",state=\"moving\"} 1")
            .And.Contain("sac_image_rollout_agents{image=\"base\",state=\"pending\"} 1")
            .And.Contain("sac_image_rollout_agents{image=\"base\",state=\"failed\"} 0")
            .And.NotContain("image=\"tools\"", "an image without a version has no rollout");
        check.ExitCode.Should().Be(0, check.ToString());
    }
}
