using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;

namespace SacOperator.Tests.Model;

[TestFixture]
public sealed class ConditionsTests
{
    private static readonly DateTimeOffset Earlier = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Earlier.AddHours(3);

    private static readonly Condition[] Previous =
    [
        new() { Type = AgentConditions.Ready, Status = ConditionStatus.True, Reason = "Running", LastTransitionTime = Earlier, ObservedGeneration = 1 },
    ];

    [Test]
    public void Next_SameStatusNewReason_KeepsTheTransitionTimeAndTakesTheRest()
    {
        var next = Conditions.Next(Previous, AgentConditions.Ready, ConditionStatus.True, "Adopted", "pid 42", 2, Now);

        next.LastTransitionTime.Should().Be(Earlier, "only a change of status is a transition");
        next.Should().BeEquivalentTo(new { Reason = "Adopted", Message = "pid 42", ObservedGeneration = 2L });
    }

    [Test]
    public void Next_StatusChanged_TransitionsNow()
    {
        Conditions.Next(Previous, AgentConditions.Ready, ConditionStatus.False, "Exited", "", 1, Now).LastTransitionTime.Should().Be(Now);
    }

    [Test]
    public void Next_NoPreviousOfThatType_TransitionsNow()
    {
        Conditions.Next(Previous, AgentConditions.Suspended, ConditionStatus.True, "Suspended", "", 1, Now).LastTransitionTime.Should().Be(Now);
        Conditions.Next(null, AgentConditions.Ready, ConditionStatus.True, "Running", "", 1, Now).LastTransitionTime.Should().Be(Now);
    }
}
