using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Nodes;

/// <summary>
/// Strays being stopped stay visible until they are gone, so the reconciler counts them as
/// leftovers and no new run (resuming the same Claude Code session) starts beside them.
/// </summary>
[TestFixture]
public sealed class StrayReaperTests
{
    [Test]
    public async Task Stopping_StrayIgnoringSigterm_IsListedUntilTheSigkillAfterGrace()
    {
        // Arrange: a real process that ignores SIGTERM, as a busy agent may.
        using var stray = Process.Start(new ProcessStartInfo("bash", ["-c", "trap '' TERM; echo ready; exec sleep 60"]) { RedirectStandardOutput = true })!;
        (await stray.StandardOutput.ReadLineAsync().WithTimeout()).Should().Be("ready");
        var handle = new ProcessHandle(stray.Id, ProcStat.Read(stray.Id)!.Value.StartTicks);
        var found = new MarkedProcess(handle, stray.Id, stray.Id, new LaunchMarker("home", "a", "launch-old", "", "local"));
        var reaper = new StrayReaper(TimeProvider.System);

        // Act
        reaper.Stop([found], TimeSpan.FromSeconds(1)).Should().Equal(stray.Id);
        var duringGrace = reaper.Stopping("a");
        var otherAgent = reaper.Stopping("b");
        await stray.WaitForExitAsync().WithTimeout();
        var afterKill = reaper.Stopping("a");

        // Assert
        duringGrace.Should().ContainSingle(p => p.Handle == handle);
        otherAgent.Should().BeEmpty();
        afterKill.Should().BeEmpty();
    }
}
