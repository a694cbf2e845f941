using FluentAssertions;
using NUnit.Framework;
using SacOperator.Images;
using SacOperator.Serialization;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Images;

/// <summary>The rollout planner on table cases: testdata/rollout-planner/&lt;case&gt;/input.json → plan.json.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class RolloutPlannerGoldenTests
{
    public static IEnumerable<TestCaseData> Cases() => GoldenCases.Under("rollout-planner", "Plan");

    [TestCaseSource(nameof(Cases))]
    public void Plan_Case_MatchesGolden(string caseDirectory)
    {
        var input = Load(caseDirectory);

        var plan = RolloutPlanner.Plan(input);

        Golden.Check(caseDirectory, "plan.json", ModelJson.Serialize(plan, indented: true) + "\n");
    }

    [TestCaseSource(nameof(Cases))]
    public void Plan_SameInputTwice_IsDeterministic(string caseDirectory)
    {
        var input = Load(caseDirectory);

        var first = ModelJson.Serialize(RolloutPlanner.Plan(input));
        var second = ModelJson.Serialize(RolloutPlanner.Plan(input));

        second.Should().Be(first);
    }

    private static RolloutInput Load(string caseDirectory) => GoldenCases.Input<RolloutInput>(caseDirectory);
}
