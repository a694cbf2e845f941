using System.Text;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;
using NUnit.Framework;
using SacOperator.Logs;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Logs;

/// <summary>Rotation of files a real process keeps appending to, on the file systems it meets.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class LogRotatorTests : IDisposable
{
    private const long MaxBytes = 256 * 1024;

    private readonly TempDirectory _dir = new("logrotate");

    public void Dispose() => _dir.Dispose();

    [Test]
    public async Task RotateIfNeeded_WhileAProcessWritesWithCollapseRange_LosesAndRepeatsNoLine()
    {
        if (!SupportsCollapse(_dir.Path))
        {
            Assert.Ignore($"the file system of {_dir.Path} cannot collapse ranges; the copy-and-truncate test covers it");
        }

        var live = _dir.Combine("session.jsonl");
        var rotator = Rotator(maxFiles: 10_000);
        var outcomes = new List<RotationOutcome>();
        await using var writer = LogWriter.Start(live, _dir.Combine("stderr.log"));

        await Eventually.Until(() => Record(outcomes, rotator.RotateIfNeeded(live)) >= 20, "20 rotations while the process writes");
        await writer.StopAsync();

        outcomes.Where(o => o != RotationOutcome.None).Should().AllBeEquivalentTo(RotationOutcome.Collapsed);
        var numbers = LogWriter.Numbers(live, strict: true);
        LogWriter.FirstBreak(numbers).Should().BeNull("every line the process wrote is in exactly one file, in order ({0} lines)", numbers.Count);
        numbers.Count.Should().BeGreaterThan(0);
    }

    [Test]
    public async Task RotateIfNeeded_WhileAProcessWritesOnTmpfs_CopiesAndTruncatesLosingOnlyAtTheCuts()
    {
        var shm = "/dev/shm";
        if (!Directory.Exists(shm) || SupportsCollapse(shm))
        {
            Assert.Ignore("needs a tmpfs /dev/shm, which cannot collapse ranges");
        }

        using var dir = new TempDirectory("logrotate-shm");
        var live = Path.Combine(shm, Path.GetFileName(dir.Path) + "-session.jsonl");
        var rotator = Rotator(maxFiles: 10_000);
        var outcomes = new List<RotationOutcome>();
        try
        {
            await using var writer = LogWriter.Start(live, live + ".err");
            await Eventually.Until(() => Record(outcomes, rotator.RotateIfNeeded(live)) >= 20, "20 rotations while the process writes");
            await writer.StopAsync();

            // Documented bound: lines the process wrote between the last read and the truncation are
            // lost, so gaps appear only at cuts (at most one per rotation); nothing is repeated or reordered.
            var rotations = outcomes.Count(o => o == RotationOutcome.CopiedAndTruncated);
            var numbers = LogWriter.Numbers(live, strict: false);
            var gaps = numbers.Zip(numbers.Skip(1)).Where(p => p.Second != p.First + 1).ToList();
            rotations.Should().Be(outcomes.Count(o => o != RotationOutcome.None));
            numbers[0].Should().Be(0);
            gaps.Should().OnlyContain(p => p.Second > p.First, "no line is repeated or reordered");
            gaps.Count.Should().BeLessThanOrEqualTo(rotations);
        }
        finally
        {
            foreach (var file in Directory.EnumerateFiles(shm, Path.GetFileName(live) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    [Test]
    public void RotateIfNeeded_ManyTimes_KeepsMaxFilesGenerationsHoldingTheNewestOutput()
    {
        var live = _dir.Combine("stderr.log");
        var rotator = Rotator(maxFiles: 3);
        var written = new StringBuilder();
        var rotations = 0;

        for (var round = 0; round < 8; round++)
        {
            var chunk = Lines(round * 10_000, 5_000);
            File.AppendAllText(live, chunk);
            written.Append(chunk);
            rotations += rotator.RotateIfNeeded(live) == RotationOutcome.None ? 0 : 1;
        }

        var retained = string.Concat(LogGenerations.Files(live).Select(File.ReadAllText));
        rotations.Should().Be(8);
        LogGenerations.Files(live).Should().Equal(live + ".3", live + ".2", live + ".1", live);
        File.Exists(live + ".4").Should().BeFalse();
        written.ToString().Should().EndWith(retained, "the generations and the live file hold the newest output, unchanged");
        new FileInfo(live).Length.Should().BeLessThan(MaxBytes);
    }

    [Test]
    public void RotateIfNeeded_UnderTheLimit_LeavesTheFileAlone()
    {
        var live = _dir.Combine("session.jsonl");
        var text = Lines(0, 100);
        File.WriteAllText(live, text);

        var outcome = Rotator(maxFiles: 3).RotateIfNeeded(live);

        outcome.Should().Be(RotationOutcome.None);
        File.ReadAllText(live).Should().Be(text);
        LogGenerations.Files(live).Should().Equal(live);
    }

    [Test]
    public void RotateIfNeeded_RuntimeDirectoryMissing_DoesNothing()
    {
        // Agents placed on another host, or not started yet, have no runtime directory here.
        var live = _dir.Combine("runtime", "elsewhere", "session.jsonl");
        var rotator = Rotator(maxFiles: 3);

        var outcomes = new[] { rotator.TryRotate(live), rotator.TryRotate(live) };

        outcomes.Should().Equal(RotationOutcome.None, RotationOutcome.None);
        Directory.Exists(_dir.Combine("runtime")).Should().BeFalse();
    }

    [Test]
    public void RotateIfNeeded_LinesEndOnABlockBoundaryInTheUpperHalf_CutsBetweenLines()
    {
        // 64-byte lines: every 4 KiB block boundary ends a line.
        var live = _dir.Combine("session.jsonl");
        File.WriteAllText(live, string.Concat(Enumerable.Range(0, 6000).Select(i => $"{i,62}\n")) + "partial");

        Rotator(maxFiles: 3).RotateIfNeeded(live);

        File.ReadAllText(live + ".1").Should().EndWith("\n");
        File.ReadAllText(live).Should().MatchRegex(@"^ *\d+\n");
    }

    internal static LogRotator Rotator(int maxFiles, long maxBytes = MaxBytes) =>
        new(new LogRotationOptions { MaxBytes = maxBytes, MaxFiles = maxFiles }, NullLogger<LogRotator>.Instance);

    internal static string Lines(int first, int count) =>
        string.Concat(Enumerable.Range(first, count).Select(i => $"line {i} of the output, padded to look like a log line\n"));

    /// <summary>Whether <c>fallocate(FALLOC_FL_COLLAPSE_RANGE)</c> works in <paramref name="directory"/>.</summary>
    internal static bool SupportsCollapse(string directory)
    {
        var probe = Path.Combine(directory, $"collapse-probe-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(probe, new byte[3 * 65536]);
            using SafeFileHandle file = File.OpenHandle(probe, FileMode.Open, FileAccess.ReadWrite);
            return LogFileCalls.TryCollapseStart(file, LogFileCalls.BlockSize(file));
        }
        finally
        {
            File.Delete(probe);
        }
    }

    private static int Record(List<RotationOutcome> outcomes, RotationOutcome outcome)
    {
        outcomes.Add(outcome);
        return outcomes.Count(o => o != RotationOutcome.None);
    }
}
