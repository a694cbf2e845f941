using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Parsing;
using SacOperator.Stores;

namespace SacOperator.Tests.Stores;

[TestFixture]
public sealed class DefinitionIndexTests
{
    private static readonly ResourceKey Worker = ResourceKey.Agent("worker");
    private static readonly ResourceKey Other = ResourceKey.Agent("other");

    [Test]
    public void Effective_KeyDefinedOnce_IsThatDefinition()
    {
        var index = new DefinitionIndex();
        var definition = Valid(Worker, "agents/a.yaml", 3);

        var touched = index.SetFile("agents/a.yaml", [definition]);

        touched.Should().Equal(Worker);
        index.Effective(Worker).Should().BeSameAs(definition);
        index.Effective(Worker)!.IsValid.Should().BeTrue();
        index.Effective(Other).Should().BeNull();
    }

    [Test]
    public void Effective_KeyDefinedInTwoFiles_IsInvalidWithAnErrorAtEachNamingTheOther()
    {
        var index = new DefinitionIndex();
        index.SetFile("agents/b.yaml", [Valid(Worker, "agents/b.yaml", 12)]);

        var touched = index.SetFile("agents/a.yaml", [Valid(Worker, "agents/a.yaml", 3)]);
        var effective = index.Effective(Worker)!;

        touched.Should().Equal(Worker);
        effective.IsValid.Should().BeFalse();
        effective.Resource.Should().BeNull();
        effective.Diagnostics.Should().HaveCount(2).And.OnlyContain(d => d.IsError);
        effective.Diagnostics.Should().ContainSingle(d => d.File == "agents/a.yaml" && d.Line == 3)
            .Which.Message.Should().Contain("duplicate Agent 'worker'").And.Contain("agents/b.yaml:12").And.NotContain("agents/a.yaml:3");
        effective.Diagnostics.Should().ContainSingle(d => d.File == "agents/b.yaml" && d.Line == 12)
            .Which.Message.Should().Contain("agents/a.yaml:3").And.NotContain("agents/b.yaml:12");
        effective.ErrorSummary.Should().Contain("agents/a.yaml:3").And.Contain("agents/b.yaml:12");
    }

    [Test]
    public void Effective_KeyDefinedThreeTimes_EachErrorNamesBothOthers()
    {
        var index = new DefinitionIndex();
        index.SetFile("a.yaml", [Valid(Worker, "a.yaml", 1)]);
        index.SetFile("b.yaml", [Valid(Worker, "b.yaml", 2)]);
        index.SetFile("c.yaml", [Valid(Worker, "c.yaml", 3)]);

        var diagnostics = index.Effective(Worker)!.Diagnostics;

        diagnostics.Should().HaveCount(3);
        diagnostics.Single(d => d.File == "b.yaml").Message.Should().Contain("a.yaml:1").And.Contain("c.yaml:3");
    }

    [Test]
    public void Effective_KeyDefinedEightyTimes_ItsErrorsStayWithinAFewKilobytes()
    {
        // What a symlink loop used to produce: the same spec under 80 paths, each error naming the 79 others.
        var index = new DefinitionIndex();
        var files = Enumerable.Range(0, 80).Select(i => string.Concat(Enumerable.Repeat("agents/loop/", i)) + "worker/spec.yaml").ToList();
        foreach (var file in files)
        {
            index.SetFile(file, [Valid(Worker, file, 4)]);
        }

        var effective = index.Effective(Worker)!;

        effective.Diagnostics.Should().HaveCount(80);
        effective.Diagnostics.Should().OnlyContain(d => d.Message.Length <= 1024 && d.Message.Contains(" more"));
        effective.ErrorSummary.Length.Should().BeLessThanOrEqualTo(StatusText.MaxLength);
        effective.ErrorSummary.Should().StartWith("agents/").And.MatchRegex(@"… and \d+ more$");
    }

    [Test]
    public void Effective_DuplicateInOneFile_NamesTheOtherLine()
    {
        var index = new DefinitionIndex();

        index.SetFile("a.yaml", [Valid(Worker, "a.yaml", 1), Valid(Worker, "a.yaml", 20)]);

        var diagnostics = index.Effective(Worker)!.Diagnostics;
        diagnostics.Single(d => d.Line == 1).Message.Should().Contain("a.yaml:20");
        diagnostics.Single(d => d.Line == 20).Message.Should().Contain("a.yaml:1");
    }

    [Test]
    public void Effective_DuplicatesInEitherOrder_AreTheSame()
    {
        var first = new DefinitionIndex();
        first.SetFile("a.yaml", [Valid(Worker, "a.yaml", 3)]);
        first.SetFile("b.yaml", [Valid(Worker, "b.yaml", 5)]);
        var second = new DefinitionIndex();
        second.SetFile("b.yaml", [Valid(Worker, "b.yaml", 5)]);
        second.SetFile("a.yaml", [Valid(Worker, "a.yaml", 3)]);

        var one = first.Effective(Worker)!;
        var two = second.Effective(Worker)!;

        one.ContentHash.Should().Be(two.ContentHash);
        one.Diagnostics.Should().Equal(two.Diagnostics);
    }

    [Test]
    public void RemoveFile_OneOfTwoDuplicates_MakesTheOtherValidAgain()
    {
        var index = new DefinitionIndex();
        var remaining = Valid(Worker, "a.yaml", 3);
        index.SetFile("a.yaml", [remaining]);
        index.SetFile("b.yaml", [Valid(Worker, "b.yaml", 12), Valid(Other, "b.yaml", 30)]);

        var touched = index.RemoveFile("b.yaml");

        touched.Should().BeEquivalentTo([Worker, Other]);
        index.Effective(Worker).Should().BeSameAs(remaining);
        index.Effective(Other).Should().BeNull();
        index.Files.Should().Equal("a.yaml");
    }

    [Test]
    public void SetFile_DuplicateRemovedByEditingTheFile_MakesTheOtherValidAgain()
    {
        var index = new DefinitionIndex();
        var remaining = Valid(Worker, "a.yaml", 3);
        index.SetFile("a.yaml", [remaining]);
        index.SetFile("b.yaml", [Valid(Worker, "b.yaml", 12)]);

        var touched = index.SetFile("b.yaml", [Valid(Other, "b.yaml", 12)]);

        touched.Should().BeEquivalentTo([Worker, Other]);
        index.Effective(Worker).Should().BeSameAs(remaining);
        index.Effective(Other)!.IsValid.Should().BeTrue();
    }

    [Test]
    public void SetFile_SameFileAgain_ReplacesItsEarlierDefinitions()
    {
        var index = new DefinitionIndex();
        index.SetFile("a.yaml", [Valid(Worker, "a.yaml", 3)]);
        var edited = Valid(Worker, "a.yaml", 9);

        index.SetFile("a.yaml", [edited]);

        index.Effective(Worker).Should().BeSameAs(edited, "re-reading a file is not a duplicate");
    }

    [Test]
    public void SetFile_InvalidDefinition_IsEffectiveAsIs()
    {
        var index = new DefinitionIndex();
        var error = new Diagnostic(DiagnosticSeverity.Error, "a.yaml", 4, 3, "spec.runtime", "must be one of apptainer, local");
        var invalid = new StoredResource { Key = Worker, Diagnostics = [error], Source = "a.yaml", Line = 1, ContentHash = "x" };

        index.SetFile("a.yaml", [invalid]);

        index.Effective(Worker).Should().BeSameAs(invalid);
        index.Effective(Worker)!.IsValid.Should().BeFalse();
    }

    private static StoredResource Valid(ResourceKey key, string file, int line)
    {
        var agent = new Agent { Metadata = new ObjectMeta { Name = key.Name } };
        return new StoredResource
        {
            Key = key,
            Resource = agent,
            Source = file,
            Line = line,
            ContentHash = SpecFile.Hash(agent, []),
        };
    }
}
