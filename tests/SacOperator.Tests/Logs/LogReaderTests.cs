using System.Text;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Logs;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Logs;

/// <summary>What <c>sacop logs</c> prints: the retained output across generations, the last lines of huge files, and following across rotations.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class LogReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new("logread");

    public void Dispose() => _dir.Dispose();

    [Test]
    public void TailStart_TwoHundredMegabyteFile_PrintsTheLastTwoLines()
    {
        var live = _dir.Combine("session.jsonl");
        using (var stream = new FileStream(live, FileMode.Create, FileAccess.Write))
        {
            var chunk = Encoding.UTF8.GetBytes(LogRotatorTests.Lines(0, 20_000));
            while (stream.Length < 200L * 1024 * 1024)
            {
                stream.Write(chunk);
            }

            stream.Write("{\"n\":\"second to last\"}\n{\"n\":\"last\"}\n"u8);
        }

        var output = Read(live, lines: 2);

        output.Should().Be("{\"n\":\"second to last\"}\n{\"n\":\"last\"}\n");
    }

    [TestCase(0, "")]
    [TestCase(1, "c")]
    [TestCase(2, "b\nc")]
    [TestCase(3, "a\nb\nc")]
    [TestCase(10, "a\nb\nc")]
    public void TailStart_UnterminatedLastLine_CountsAsALine(int lines, string expected)
    {
        var live = _dir.Write("stderr.log", "a\nb\nc");

        Read(live, lines).Should().Be(expected);
    }

    [Test]
    public void TailStart_LineSplitByARotation_IsPrintedWhole()
    {
        var live = _dir.Write("session.jsonl", "-second-half\nd\n");
        _dir.Write("session.jsonl.1", "a\nb\nc-first-half");
        _dir.Write("session.jsonl.2", "older\n");

        Read(live, lines: 2).Should().Be("c-first-half-second-half\nd\n");
        Read(live, lines: 5).Should().Be("older\na\nb\nc-first-half-second-half\nd\n");
    }

    [Test]
    public void CopyTo_FromTheStart_PrintsGenerationsOldestFirstThenTheLiveFile()
    {
        var live = _dir.Write("session.jsonl", "4\n");
        _dir.Write("session.jsonl.1", "3\n");
        _dir.Write("session.jsonl.2", "2\n");
        _dir.Write("session.jsonl.10", "1\n");
        _dir.Write("session.jsonl.next", "not a generation\n");

        using var reader = LogReader.Open(live);
        using var output = new MemoryStream();
        reader.CopyTo((0, 0), output);

        Encoding.UTF8.GetString(output.ToArray()).Should().Be("1\n2\n3\n4\n");
    }

    [Test]
    public async Task Follow_WhileAProcessWritesAndTheFileIsRotated_PrintsEveryLineOnce()
    {
        if (!LogRotatorTests.SupportsCollapse(_dir.Path))
        {
            Assert.Ignore($"the file system of {_dir.Path} cannot collapse ranges; following is then exact only up to the bytes the truncation loses");
        }

        var live = _dir.Combine("session.jsonl");
        File.WriteAllText(live, "");
        var rotator = LogRotatorTests.Rotator(maxFiles: 2);
        using var output = new MemoryStream();
        await using var writer = LogWriter.Start(live, _dir.Combine("stderr.log"));
        using var reader = LogReader.Open(live);
        using var follower = reader.Follow(reader.CopyTo((0, 0), output));
        var rotations = 0;

        await Eventually.Until(() =>
        {
            rotations += rotator.RotateIfNeeded(live) == RotationOutcome.Collapsed ? 1 : 0;
            follower.Poll(output);
            return rotations >= 6;
        }, "6 rotations while following");
        await writer.StopAsync();
        follower.Poll(output);

        var numbers = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ') is [_, var n, ..] && long.TryParse(n, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : -1)
            .ToList();
        LogWriter.FirstBreak(numbers).Should().BeNull("the follower printed {0} lines across {1} rotations", numbers.Count, rotations);
        File.Exists(live + ".3").Should().BeFalse("only two generations are kept, yet the follower saw everything");
    }

    [Test]
    public void Follow_StartedOnAnEmptyFileThatIsRotatedBeforeTheFirstPoll_PrintsTheRotatedLinesToo()
    {
        var live = _dir.Combine("session.jsonl");
        File.WriteAllText(live, "");
        using var output = new MemoryStream();
        using var reader = LogReader.Open(live);
        using var follower = reader.Follow(reader.CopyTo((0, 0), output));
        var written = LogRotatorTests.Lines(0, 6000);
        File.AppendAllText(live, written);

        var outcome = LogRotatorTests.Rotator(maxFiles: 2).RotateIfNeeded(live);
        follower.Poll(output);

        outcome.Should().NotBe(RotationOutcome.None);
        Encoding.UTF8.GetString(output.ToArray()).Should().Be(written, "a follower with nothing printed yet must still notice the rotation");
    }

    private static string Read(string live, int lines)
    {
        using var reader = LogReader.Open(live);
        using var output = new MemoryStream();
        reader.CopyTo(reader.TailStart(lines), output);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
