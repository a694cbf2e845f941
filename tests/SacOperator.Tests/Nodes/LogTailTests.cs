using FluentAssertions;
using NUnit.Framework;
using SacOperator.Nodes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Nodes;

[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class LogTailTests : IDisposable
{
    private readonly TempDirectory _dir = new("logtail");

    public void Dispose() => _dir.Dispose();

    [Test]
    public void Read_FromTheOffsetOfThisRun_SkipsEarlierRuns()
    {
        var path = _dir.Write("stderr.log", "old run\nthis run\n");

        LogTail.Read(path, from: "old run\n".Length).Should().Be("this run");
    }

    [Test]
    public void Read_OffsetPastTheEndAfterARotation_ReturnsTheLastLines()
    {
        // The run started when the file was 70 MB; a rotation has since moved most of it to stderr.log.1.
        var path = _dir.Write("stderr.log", "panic: out of memory\nexit 2\n");

        LogTail.Read(path, from: 70_000_000).Should().Be("panic: out of memory | exit 2");
    }
}
