using FluentAssertions;
using NUnit.Framework;
using SacOperator.Agents;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Agents;

[TestFixture]
public sealed class AgentPlannerGoldenTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        Directory.EnumerateDirectories(Path.Combine(Repo.TestData, "planner"))
            .Order(StringComparer.Ordinal)
            .Select(dir => new TestCaseData(dir).SetName($"Plan_{Path.GetFileName(dir)}_MatchesGolden"));

    [TestCaseSource(nameof(Cases))]
    public void Plan_Case_MatchesGolden(string caseDirectory)
    {
        var observation = PlannerCase.Load(caseDirectory);

        var plan = AgentPlanner.Plan(observation);

        Golden.Check(caseDirectory, "plan.json", PlannerCase.Render(plan));
    }

    [TestCaseSource(nameof(Cases))]
    public void Plan_SameObservationTwice_IsDeterministic(string caseDirectory)
    {
        var observation = PlannerCase.Load(caseDirectory);

        var first = PlannerCase.Render(AgentPlanner.Plan(observation));
        var second = PlannerCase.Render(AgentPlanner.Plan(observation));

        second.Should().Be(first);
    }
}
