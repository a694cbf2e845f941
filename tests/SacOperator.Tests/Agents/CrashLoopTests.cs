using FluentAssertions;
using NUnit.Framework;
using SacOperator.Agents;
using SacOperator.State;

namespace SacOperator.Tests.Agents;

[TestFixture]
public sealed class CrashLoopTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static RestartEntry Short(int minutesAgo) => new() { At = Now.AddMinutes(-minutesAgo), Uptime = TimeSpan.FromSeconds(3), ExitCode = 1 };

    [Test]
    public void Detect_FourQuickRestartsThenAnotherQuickExit_IsACrashLoop()
    {
        var recent = new[] { Short(9), Short(6), Short(3), Short(1) };

        CrashLoop.Detect(recent, TimeSpan.FromSeconds(2), Now).Should().BeTrue();
    }

    [Test]
    public void Detect_ThreeQuickRestarts_IsNotYetACrashLoop()
    {
        CrashLoop.Detect([Short(3), Short(2), Short(1)], TimeSpan.FromSeconds(2), Now).Should().BeFalse();
    }

    [Test]
    public void Detect_RestartsOlderThanTenMinutes_DoNotCount()
    {
        CrashLoop.Detect([Short(30), Short(20), Short(15), Short(11)], TimeSpan.FromSeconds(2), Now).Should().BeFalse();
    }

    [Test]
    public void Detect_LastRunLongerThanAMinute_IsNotACrashLoop()
    {
        CrashLoop.Detect([Short(9), Short(6), Short(3), Short(1)], TimeSpan.FromSeconds(90), Now).Should().BeFalse();
    }

    [Test]
    public void Detect_RestartsAfterLongRuns_DoNotCount()
    {
        var longRuns = new[] { Short(9), Short(6), Short(3) }.Append(new RestartEntry { At = Now.AddMinutes(-1), Uptime = TimeSpan.FromMinutes(5) }).ToList();

        CrashLoop.Detect(longRuns, TimeSpan.FromSeconds(2), Now).Should().BeFalse();
    }

    [Test]
    public void Trim_KeepsOnlyTheWindow()
    {
        var trimmed = CrashLoop.Trim([Short(30), Short(5), Short(1)], Now);

        trimmed.Should().HaveCount(2).And.OnlyContain(r => Now - r.At <= CrashLoop.Window);
    }
}
