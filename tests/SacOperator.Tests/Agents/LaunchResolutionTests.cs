using FluentAssertions;
using NUnit.Framework;
using SacOperator.Agents;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.State;

namespace SacOperator.Tests.Agents;

[TestFixture]
public sealed class LaunchResolutionTests
{
    private static MarkedProcess P(int pid, long ticks, string launch, bool leader = true) =>
        new(new ProcessHandle(pid, ticks), pid, leader ? pid : 1, new LaunchMarker("home", "a", launch, "hash", "local"));

    private static AgentRecord Record(int? pid = null, long? ticks = null, string? launch = null, bool launching = false) =>
        new() { Key = ResourceKey.Agent("a"), InstanceName = "sac-a", Runtime = "local", Pid = pid, StartTicks = ticks, LaunchId = launch, Launching = launching };

    [Test]
    public void Resolve_RecordedLiveProcessAndAStrayLaunch_KeepsTheRecordedAndStopsTheStray()
    {
        var result = LaunchResolution.Resolve(Record(10, 100, "L1"), recordAlive: true, [P(10, 100, "L1"), P(11, 101, "L1", leader: false), P(20, 200, "L2")]);

        result.Adopt.Should().BeNull();
        result.Strays.Select(s => s.Handle.Pid).Should().Equal(20);
    }

    [Test]
    public void Resolve_LaunchRecordedButPidNot_AdoptsThatLaunchsLeaderNotItsChild()
    {
        var result = LaunchResolution.Resolve(Record(launch: "L1", launching: true), recordAlive: false, [P(11, 101, "L1", leader: false), P(10, 100, "L1")]);

        result.Adopt!.Handle.Pid.Should().Be(10);
        result.Strays.Should().BeEmpty();
    }

    [Test]
    public void Resolve_RecordedRunHasExited_StopsWhatItLeftBehindAndAdoptsNothing()
    {
        var result = LaunchResolution.Resolve(Record(launch: "L1"), recordAlive: false, [P(11, 101, "L1", leader: false)]);

        result.Adopt.Should().BeNull();
        result.Strays.Select(s => s.Handle.Pid).Should().Equal(11);
    }

    [Test]
    public void Resolve_NoRecordAndTwoLaunches_AdoptsTheNewestLeaderAndStopsTheOther()
    {
        var result = LaunchResolution.Resolve(null, recordAlive: false, [P(10, 100, "L1"), P(20, 200, "L2"), P(21, 201, "L2", leader: false)]);

        result.Adopt!.Handle.Pid.Should().Be(20);
        result.Strays.Select(s => s.Handle.Pid).Should().Equal(10);
    }
}
