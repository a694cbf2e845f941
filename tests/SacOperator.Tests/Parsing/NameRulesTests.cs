using FluentAssertions;
using NUnit.Framework;
using SacOperator.Parsing;

namespace SacOperator.Tests.Parsing;

[TestFixture]
public sealed class NameRulesTests
{
    private const string CharacterRule =
        "must consist of lower-case letters, digits, '-', '_' or '.', and start and end with a letter or digit";

    [TestCase("a")]
    [TestCase("7")]
    [TestCase("agent-1")]
    [TestCase("sac_agent.v2")]
    [TestCase("a--b")]
    [TestCase("123")]
    public void Check_ValidName_ReturnsNull(string name)
    {
        var problem = NameRules.Check(name);

        problem.Should().BeNull();
    }

    [Test]
    public void Check_NameOfMaxLength_ReturnsNull()
    {
        var name = new string('a', NameRules.MaxLength);

        var problem = NameRules.Check(name);

        problem.Should().BeNull();
    }

    [Test]
    public void Check_NameLongerThanMax_ReportsTheLimit()
    {
        var name = new string('a', NameRules.MaxLength + 1);

        var problem = NameRules.Check(name);

        problem.Should().Be("must be at most 63 characters");
    }

    [Test]
    public void Check_EmptyName_ReportsEmpty()
    {
        var problem = NameRules.Check("");

        problem.Should().Be("must not be empty");
    }

    [TestCase("Agent")]
    [TestCase("agentA")]
    [TestCase("-agent")]
    [TestCase("agent-")]
    [TestCase("_agent")]
    [TestCase("agent.")]
    [TestCase(".agent")]
    [TestCase("my agent")]
    [TestCase("team/agent")]
    [TestCase("agent!")]
    [TestCase("agent:1")]
    [TestCase("ägent")]
    [TestCase("agent\n")]
    public void Check_BadCharacters_ReportsTheCharacterRule(string name)
    {
        var problem = NameRules.Check(name);

        problem.Should().Be(CharacterRule);
    }

    [TestCase("A")]
    [TestCase("_")]
    [TestCase("PATH")]
    [TestCase("_private")]
    [TestCase("lower_case1")]
    [TestCase("HTTP_PROXY")]
    public void IsEnvName_ValidName_ReturnsTrue(string name)
    {
        var valid = NameRules.IsEnvName(name);

        valid.Should().BeTrue();
    }

    [TestCase("")]
    [TestCase("1A")]
    [TestCase("A-B")]
    [TestCase("A.B")]
    [TestCase("A B")]
    [TestCase("A=B")]
    [TestCase("Ä")]
    [TestCase("A\n")]
    public void IsEnvName_InvalidName_ReturnsFalse(string name)
    {
        var valid = NameRules.IsEnvName(name);

        valid.Should().BeFalse();
    }
}
