using FluentAssertions;
using SacOperator.Tests.TestSupport;
using NUnit.Framework;
using SacOperator.State;

namespace SacOperator.Tests.State;

/// <summary>Session stream offsets in a real SQLite state DB.</summary>
[TestFixture]
public sealed class SessionOffsetStoreTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("sacop-offsets-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void SaveSessionOffset_ThenReopen_LoadsTheLastSavedOffsetAndState()
    {
        var db = Path.Combine(_dir, "state.db");
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using (var state = StateStore.Open(db, time))
        {
            state.SaveSessionOffset("", "a", "stream", 1, 100, "{\"turns\":1}");
            state.SaveSessionOffset("", "a", "stream", 1, 250, "{\"turns\":2}");
        }

        using var reopened = StateStore.Open(db, time);

        reopened.LoadSessionOffset("", "a", "stream").Should().Be((1L, 250L, "{\"turns\":2}"));
        reopened.LoadSessionOffset("", "b", "stream").Should().BeNull();
    }
}
