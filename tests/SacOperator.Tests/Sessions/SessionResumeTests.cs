using FluentAssertions;
using NUnit.Framework;
using SacOperator.Sessions;

namespace SacOperator.Tests.Sessions;

/// <summary>
/// A follower resumed from a recorded checkpoint after the file was rotated (real files, the real
/// <see cref="Logs.LogRotator"/>): the rotations since the checkpoint are read through, nothing twice.
/// </summary>
[TestFixture]
public sealed class SessionResumeTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string Result = "{\"type\":\"result\",\"session_id\":\"s\",\"total_cost_usd\":0.1,\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}\n";

    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("sacop-resume-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Resume_NotRotatedSinceCheckpoint_FoldsOnlyNewLines()
    {
        var live = Path.Combine(_dir, "session.jsonl");
        File.WriteAllText(live, Repeat(3));
        var checkpoint = Fold(live, SessionCheckpoint.Start);
        File.AppendAllText(live, Repeat(2));

        using var resumed = SessionFollower.Resume(live, checkpoint);
        resumed.Poll(Now);

        resumed.State.Turns.Should().Be(5);
    }

    [TestCase(1)]
    [TestCase(2)]
    public void Resume_RotatedSinceCheckpoint_ReadsTheRotatedRemainderOnce(int rotations)
    {
        var live = Path.Combine(_dir, "session.jsonl");
        var rotator = Logs.LogRotatorTests.Rotator(maxFiles: 5, maxBytes: 4096);
        File.WriteAllText(live, Repeat(60));
        rotator.RotateIfNeeded(live);
        File.AppendAllText(live, Repeat(10));
        var checkpoint = Fold(live, SessionCheckpoint.Start);
        var appended = 0;
        for (var i = 0; i < rotations; i++)
        {
            File.AppendAllText(live, Repeat(50));
            appended += 50;
            rotator.RotateIfNeeded(live).Should().NotBe(SacOperator.Logs.RotationOutcome.None);
        }

        File.AppendAllText(live, Repeat(4));

        using var resumed = SessionFollower.Resume(live, checkpoint);
        resumed.Poll(Now);

        checkpoint.Generation.Should().NotBe(0, "the checkpoint was taken after a first rotation");
        resumed.State.Turns.Should().Be(checkpoint.State.Turns + appended + 4);
        resumed.State.Malformed.Should().Be(0);
    }

    [Test]
    public void Resume_CheckpointBeforeAnyRotation_ReadsTheNewGenerationsRemainder()
    {
        var live = Path.Combine(_dir, "session.jsonl");
        var rotator = Logs.LogRotatorTests.Rotator(maxFiles: 3, maxBytes: 4096);
        File.WriteAllText(live, Repeat(5));
        var checkpoint = Fold(live, SessionCheckpoint.Start);
        File.AppendAllText(live, Repeat(50));
        rotator.RotateIfNeeded(live);

        using var resumed = SessionFollower.Resume(live, checkpoint);
        resumed.Poll(Now);

        checkpoint.Generation.Should().Be(0);
        resumed.State.Turns.Should().Be(55);
    }

    private static SessionCheckpoint Fold(string live, SessionCheckpoint from)
    {
        using var follower = SessionFollower.Resume(live, from);
        follower.Poll(Now);
        return follower.Checkpoint;
    }

    private static string Repeat(int n) => string.Concat(Enumerable.Repeat(Result, n));
}
