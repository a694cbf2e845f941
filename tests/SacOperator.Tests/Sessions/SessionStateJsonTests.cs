using FluentAssertions;
using NUnit.Framework;
using SacOperator.Sessions;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Sessions;

/// <summary>The persisted snapshot of a folded session state.</summary>
[TestFixture]
public sealed class SessionStateJsonTests
{
    [Test]
    public void Read_WrittenState_RoundTripsEveryField()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var state = File.ReadAllLines(Path.Combine(Repo.TestData, "sessions", "prompt-clear-errors.jsonl"))
            .Aggregate(SessionState.Empty, (s, line) => SessionFold.Apply(s, line, at));

        var read = SessionStateJson.Read(SessionStateJson.Write(state));

        read.Should().BeEquivalentTo(state);
        read!.Turns.Should().Be(3);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("{not json")]
    [TestCase("[1]")]
    public void Read_Unreadable_ReturnsNull(string? json)
    {
        SessionStateJson.Read(json).Should().BeNull();
    }
}
