using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Status;

namespace SacOperator.Tests.Status;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class HostStatusEqualityTests
{
    private static HostStatus Status(params string[] placed) => new()
    {
        Phase = "Ready",
        PlacedAgents = [.. placed],
        Allocatable = new HostCapacity { Cpus = 4 },
        LastProbeTime = DateTimeOffset.UnixEpoch,
    };

    [Test]
    public void Same_EqualPlacedAgentsInNewLists_IsSame()
    {
        StatusEquality.Same(Status("a", "b"), Status("a", "b")).Should().BeTrue("an unchanged probe result writes nothing and raises no change");
    }

    [Test]
    public void Same_DifferentPlacedAgents_IsNotSame()
    {
        StatusEquality.Same(Status("a"), Status("a", "b")).Should().BeFalse();
    }
}
