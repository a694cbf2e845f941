using FluentAssertions;
using NUnit.Framework;
using SacOperator.Benchmarks;

namespace SacOperator.Tests.Benchmarks;

/// <summary>The benchmark's arithmetic and verdicts (the benchmark itself runs in make bench, not here).</summary>
[TestFixture]
public sealed class BenchmarkReportTests
{
    [Test]
    public void Stats_NearestRankPercentiles()
    {
        var stats = Stats.Of(Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToList());

        stats.Should().Be(new Stats(100, 50, 99, 1, 100));
    }

    [Test]
    public void Stats_FewSamples_P99IsTheMaximum()
    {
        Stats.Of([3.0, 1.0, 2.0]).P99.Should().Be(3);
    }

    [Test]
    public void Options_Parse_ReadsSizesAndDurations()
    {
        var options = BenchOptions.Parse(["--sacop", "/x/sacop", "--sizes", "10,20", "--idle", "5", "--skip-supervisord"]);

        options.Sizes.Should().Equal(10, 20);
        options.Idle.Should().Be(TimeSpan.FromSeconds(5));
        options.SkipSupervisord.Should().BeTrue();
    }

    [Test]
    public void Options_WithoutSacop_SaysWhatIsMissing()
    {
        var act = () => BenchOptions.Parse(["--sizes", "10"]);

        act.Should().Throw<ArgumentException>().WithMessage("*--sacop*");
    }

    [Test]
    public void Markdown_MissedTarget_IsMarkedNo()
    {
        var result = new SizeResult
        {
            Agents = 1000,
            Cold = new ColdStart(Stats.Of([1.0]), Stats.Of([2.5]), 100, 2),
            CrashRestartMs = Stats.Of([5.0, 20.0]),
            OperatorRestart = new RestartResult(1, 0, 1000),
        };
        var report = new Report(BenchOptions.Parse(["--sacop", "x"]), Machine.Describe(), [result], TimeSpan.FromMinutes(1), []);

        var markdown = report.Markdown();

        markdown.Should().Contain("| 1,000 agents converged from cold ≤ 2 s (all Running) | 2.5 s | **no** |");
        markdown.Should().Contain("| crash → first restart p99 ≤ 100 ms (1,000 agents) | 20 ms | yes |");
    }
}
