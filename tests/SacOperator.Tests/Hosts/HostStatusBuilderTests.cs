using FluentAssertions;
using NUnit.Framework;
using SacOperator.Hosts;
using SacOperator.Model;

namespace SacOperator.Tests.Hosts;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class HostStatusBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly HostSpec Spec = new() { Address = "alice@gpu-box", Capacity = new HostCapacity { Agents = 8, Gpus = 2 } };
    private static readonly HostFacts Facts = new() { Cpus = 32, MemoryBytes = 64L << 30, AvailableMemoryBytes = 40L << 30, Gpus = 4, ApptainerVersion = "apptainer version 1.3.4", RunningAgents = 2 };

    private static HostProbeResult Ok => HostProbeResult.Ok(Facts, TimeSpan.FromMilliseconds(40));

    private static HostProbeResult Refused => HostProbeResult.Failed(HostReasons.Unreachable, "ssh: connect to host gpu-box port 22: Connection refused", TimeSpan.FromMilliseconds(3));

    private static HostStatus Build(HostStatus? previous, HostProbeResult probe, int minute) =>
        HostStatusBuilder.Build(previous, Spec, probe, ["a1", "a2"], missedProbes: 3, generation: 1, T0.AddMinutes(minute));

    [Test]
    public void Build_SuccessfulProbe_ReadyWithFactsAndAllocatable()
    {
        var status = Build(null, Ok, 0);

        status.Phase.Should().Be("Ready");
        status.Conditions.Should().ContainSingle(c => c.Type == "Ready" && c.Status == ConditionStatus.True && c.Reason == HostReasons.Probed);
        status.Cpus.Should().Be(32);
        status.MemoryBytes.Should().Be(64L << 30);
        status.Allocatable.Should().Be(new HostCapacity { Agents = 8, Cpus = 32, Memory = 64L << 30, Gpus = 2 }, "spec.capacity wins where set, the probe fills the rest");
        status.PlacedAgents.Should().Equal("a1", "a2");
        status.LastProbeTime.Should().Be(T0);
        status.LastProbeError.Should().BeNull();
    }

    [Test]
    public void Build_ReadyHostMissingProbes_StaysReadyUntilTheThirdThenNotReadyWithTheReason()
    {
        var ready = Build(null, Ok, 0);

        var first = Build(ready, Refused, 1);
        var second = Build(first, Refused, 2);
        var third = Build(second, Refused, 3);

        first.Phase.Should().Be("Ready");
        first.LastProbeError.Should().Contain("Connection refused");
        second.Phase.Should().Be("Ready");
        third.Phase.Should().Be("NotReady");
        third.Reason.Should().Be(HostReasons.Unreachable);
        third.Message.Should().Contain("3 probe(s) failed").And.Contain("Connection refused");
        third.Conditions.Single().LastTransitionTime.Should().Be(T0.AddMinutes(3));
        third.Cpus.Should().Be(32, "the last known facts are kept while the host does not answer");
    }

    [Test]
    public void Build_NeverReadyHost_IsNotReadyAtItsFirstFailure()
    {
        var status = Build(null, Refused, 0);

        status.Phase.Should().Be("NotReady");
        status.MissedProbes.Should().Be(1);
    }

    [Test]
    public void Build_AnsweringAgain_ReadyAndTheMissCountReset()
    {
        var down = Build(Build(Build(Build(null, Ok, 0), Refused, 1), Refused, 2), Refused, 3);

        var back = Build(down, Ok, 4);

        back.Phase.Should().Be("Ready");
        back.MissedProbes.Should().Be(0);
        back.Conditions.Single().LastTransitionTime.Should().Be(T0.AddMinutes(4));
    }

    [Test]
    public void Build_Cordoned_SaysSoAndStaysReady()
    {
        var status = HostStatusBuilder.Build(null, Spec with { Unschedulable = true }, Ok, [], 3, 1, T0);

        status.Phase.Should().Be("Ready");
        status.Message.Should().StartWith("cordoned");
    }
}
