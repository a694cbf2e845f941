using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Stores;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Parsing;

/// <summary>The examples users copy must stay valid.</summary>
[TestFixture]
public sealed class ExamplesTests
{
    public static IEnumerable<string> ExampleFiles() =>
        Directory.EnumerateFiles(Path.Combine(Repo.Examples, "agents"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(ExampleFiles))]
    public void Example_ParsesWithoutErrors(string file)
    {
        var parsed = SpecFile.Parse(file, File.ReadAllText(file));

        parsed.AllDiagnostics.Where(d => d.IsError).Should().BeEmpty();
        parsed.Resources.Should().NotBeEmpty().And.OnlyContain(r => r.IsValid);
    }

    [Test]
    public void Examples_CoverEveryKindAndBothFormats()
    {
        var resources = ExampleFiles().SelectMany(f => SpecFile.Parse(f, File.ReadAllText(f)).Resources).ToList();

        resources.Select(r => r.Key.Kind).Distinct().Should().BeEquivalentTo(ResourceKinds.All);
        resources.Should().Contain(r => r.Key.Name == "hello-agent" && r.File.EndsWith("hello-agent/spec.yaml", StringComparison.Ordinal));
        resources.Where(r => r.Resource is Agent a && a.Spec.Runtime == AgentRuntimes.Local).Should().HaveCountGreaterThanOrEqualTo(2);
    }
}
