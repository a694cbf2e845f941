using FluentAssertions;
using NUnit.Framework;
using SacOperator.Operator.Telemetry;
using SacOperator.Telemetry;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Telemetry;

[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class HeartbeatAgesTests : IDisposable
{
    private static readonly DateTimeOffset First = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("heartbeats");
    private readonly HeartbeatAges _ages = new();

    public void Dispose() => _dir.Dispose();

    [Test]
    public void Read_FileRewritten_ReturnsTheNewTimestamp()
    {
        var file = _dir.Write("heartbeat.json", Beat(First));
        var before = _ages.Read([file]);

        File.WriteAllText(file, Beat(First.AddMinutes(1)) + "   ");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5));
        var after = _ages.Read([file]);

        before.Should().Equal(First);
        after.Should().Equal(First.AddMinutes(1));
    }

    [Test]
    public void Read_MissingFileOrNoFile_IsNullInItsPlace()
    {
        var file = _dir.Write("heartbeat.json", Beat(First));

        var stamps = _ages.Read([_dir.Combine("missing.json"), null, file]);

        stamps.Should().Equal(null, null, First);
    }

    [Test]
    public void Read_FileDeletedAfterwards_IsNull()
    {
        var file = _dir.Write("heartbeat.json", Beat(First));
        _ages.Read([file]);

        File.Delete(file);

        _ages.Read([file]).Should().Equal((DateTimeOffset?)null);
    }

    private static string Beat(DateTimeOffset at) => $$"""{"ts": "{{at:O}}", "pid": 1, "state": "idle"}""";
}
