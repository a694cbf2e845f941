using FluentAssertions;
using NUnit.Framework;
using SacOperator.Sessions;

namespace SacOperator.Tests.Sessions;

/// <summary>A follower over a real session.jsonl on disk.</summary>
[TestFixture]
public sealed class SessionFollowerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string Result = "{\"type\":\"result\",\"session_id\":\"s\",\"total_cost_usd\":0.1,\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}\n";

    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("sacop-session-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Poll_LinesAppended_FoldsEachOnce()
    {
        var live = Path.Combine(_dir, "session.jsonl");
        File.WriteAllText(live, Result);
        using var follower = SessionFollower.Open(live, SessionState.Empty, 0);

        follower.Poll(Now).Should().BeTrue();
        File.AppendAllText(live, Result);
        follower.Poll(Now).Should().BeTrue();
        follower.Poll(Now).Should().BeFalse("nothing new arrived");

        follower.State.Turns.Should().Be(2);
        follower.Offset.Should().Be(new FileInfo(live).Length);
    }

    [Test]
    public void Poll_PartialLastLine_IsFoldedOnlyWhenItsNewlineArrives()
    {
        var live = Path.Combine(_dir, "session.jsonl");
        File.WriteAllText(live, Result + Result[..20]);
        using var follower = SessionFollower.Open(live, SessionState.Empty, 0);

        follower.Poll(Now);
        var before = follower.State;
        File.AppendAllText(live, Result[20..]);
        follower.Poll(Now);

        before.Turns.Should().Be(1);
        before.Malformed.Should().Be(0, "a cut line is not malformed, only unfinished");
        follower.Offset.Should().Be(new FileInfo(live).Length);
        follower.State.Turns.Should().Be(2);
        follower.State.Malformed.Should().Be(0);
    }

    [Test]
    public void Poll_FileRotatedBetweenPolls_FoldsEveryLineOnce()
    {
        var live = Path.Combine(_dir, "session.jsonl");
        var rotator = Logs.LogRotatorTests.Rotator(maxFiles: 3, maxBytes: 4096);
        File.WriteAllText(live, string.Concat(Enumerable.Repeat(Result, 10)));
        using var follower = SessionFollower.Open(live, SessionState.Empty, 0);
        follower.Poll(Now);

        File.AppendAllText(live, string.Concat(Enumerable.Repeat(Result, 40)));
        var outcome = rotator.RotateIfNeeded(live);
        File.AppendAllText(live, string.Concat(Enumerable.Repeat(Result, 5)));
        follower.Poll(Now);

        outcome.Should().NotBe(SacOperator.Logs.RotationOutcome.None, "the file outgrew 4 KiB");
        follower.State.Turns.Should().Be(55);
        follower.State.Malformed.Should().Be(0);
    }

    [Test]
    public void Open_RestartFromRecordedOffsetAndState_CountsNothingTwice()
    {
        var live = Path.Combine(_dir, "session.jsonl");
        File.WriteAllText(live, Result + Result + Result[..10]);
        SessionState recorded;
        long offset;
        using (var first = SessionFollower.Open(live, SessionState.Empty, 0))
        {
            first.Poll(Now);
            (recorded, offset) = (first.State, first.Offset);
        }

        File.AppendAllText(live, Result[10..] + Result);
        using var second = SessionFollower.Open(live, recorded, offset);
        second.Poll(Now);

        second.State.Turns.Should().Be(4);
        second.State.Tokens.Input.Should().Be(12);
        second.State.Malformed.Should().Be(0);
    }
}
