using FluentAssertions;
using NUnit.Framework;
using SacOperator.Images;
using SacOperator.Serialization;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Images;

/// <summary>The Image planner on table cases: testdata/image-planner/&lt;case&gt;/input.json → plan.json.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ImagePlannerGoldenTests
{
    public static IEnumerable<TestCaseData> Cases() => GoldenCases.Under("image-planner", "Plan");

    [TestCaseSource(nameof(Cases))]
    public void Plan_Case_MatchesGolden(string caseDirectory)
    {
        var input = Load(caseDirectory);

        var plan = ImagePlanner.Plan(input);

        Golden.Check(caseDirectory, "plan.json", ModelJson.Serialize(plan, indented: true) + "\n");
    }

    [TestCaseSource(nameof(Cases))]
    public void Plan_SameInputTwice_IsDeterministic(string caseDirectory)
    {
        var input = Load(caseDirectory);

        var first = ModelJson.Serialize(ImagePlanner.Plan(input));
        var second = ModelJson.Serialize(ImagePlanner.Plan(input));

        second.Should().Be(first);
    }

    private static ImagePlanInput Load(string caseDirectory) => GoldenCases.Input<ImagePlanInput>(caseDirectory);
}
