using FluentAssertions;
using NUnit.Framework;
using SacOperator.Logs;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Logs;

[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class LogSearchTests : IDisposable
{
    private readonly TempDirectory _dir = new("logsearch");

    public void Dispose() => _dir.Dispose();

    [Test]
    public void Contains_TextOnlyInARotatedGeneration_IsFound()
    {
        var live = _dir.Combine("session.jsonl");
        File.WriteAllText(live, "{\"type\":\"result\"}\n");
        File.WriteAllText(LogGenerations.PathOf(live, 2), "{\"session_id\":\"abc-123\"}\n");

        LogSearch.Contains(live, "abc-123").Should().BeTrue();
        LogSearch.Contains(live, "abc-124").Should().BeFalse();
    }

    [Test]
    public void Contains_TextStraddlingTheBoundaryOfTwoReadWindows_IsFound()
    {
        var live = _dir.Combine("session.jsonl");
        var text = "0f8fad5b-d9cb-469f-a165-70867728950e";
        // Windows are read backwards in 256 KiB steps from the end: this tail puts a step inside the text.
        File.WriteAllText(live, new string('x', 1000) + text + new string('y', (256 * 1024) - (text.Length / 2)));

        LogSearch.Contains(live, text).Should().BeTrue();
    }

    [Test]
    public void Contains_NoLogAtAll_IsFalse()
    {
        LogSearch.Contains(_dir.Combine("missing.jsonl"), "anything").Should().BeFalse();
    }
}
