using FluentAssertions;
using NUnit.Framework;
using SacOperator.Agents;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Agents;

/// <summary>Stream verdicts over successive passes: each failure is reported once, and the authentication verdict never restarts.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class AgentPlannerSessionTests
{
    [TestCase("session-auth-failed-no-restart")]
    [TestCase("session-rate-limited-with-reset")]
    [TestCase("session-turn-failed-event")]
    public void Plan_SameStreamVerdictOnTheNextPass_ReportsNoSecondEvent(string caseName)
    {
        var observation = PlannerCase.Load(Path.Combine(Repo.TestData, "planner", caseName));
        var first = AgentPlanner.Plan(observation);

        var second = AgentPlanner.Plan(observation with { Record = first.Record });

        first.Events.Should().ContainSingle();
        second.Events.Should().BeEmpty("the verdict was already reported on the first pass");
        second.Reason.Should().Be(first.Reason);
    }

    [Test]
    public void Plan_AuthenticationFailedPassAfterPass_NeverStopsOrRestarts()
    {
        var observation = PlannerCase.Load(Path.Combine(Repo.TestData, "planner", "session-auth-failed-no-restart"));
        var plans = new List<AgentPlan>();
        var record = observation.Record;

        for (var pass = 0; pass < 3; pass++)
        {
            var plan = AgentPlanner.Plan(observation with { Record = record, Now = observation.Now.AddMinutes(pass * 10) });
            plans.Add(plan);
            record = plan.Record;
        }

        plans.Should().OnlyContain(p => p.Action == AgentAction.None && p.Reason == AgentReasons.AuthenticationFailed);
        record!.RestartCount.Should().Be(0);
    }

    [Test]
    public void Plan_StallClearedAfterInterrupt_ForgetsTheInterruptSoTheNextStallStartsWithSigint()
    {
        var observation = PlannerCase.Load(Path.Combine(Repo.TestData, "planner", "session-stalled-interrupt-grace-waits"));
        var recovered = observation with { Session = observation.Session! with { TurnInFlightSince = null, Turns = 3 } };

        var plan = AgentPlanner.Plan(recovered);

        plan.Reason.Should().Be(AgentReasons.Running);
        plan.Record!.StallInterruptedAt.Should().BeNull();
    }
}
