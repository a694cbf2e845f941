using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Accounts;
using SacOperator.Serialization;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Accounts;

/// <summary>
/// <see cref="AccountRules"/> on golden cases: <c>input.json</c> is an <see cref="AccountInputs"/>
/// (with the account's spec), <c>verdict.json</c> the status and requeue it gives.
/// </summary>
[TestFixture]
public sealed class AccountRulesGoldenTests
{
    public static IEnumerable<TestCaseData> Cases() => GoldenCases.Under("account-rules", "Evaluate");

    [TestCaseSource(nameof(Cases))]
    public void Evaluate_Case_MatchesGolden(string caseDirectory)
    {
        var inputs = Load(caseDirectory);

        var verdict = AccountRules.Evaluate(inputs);

        Golden.Check(caseDirectory, "verdict.json", JsonSerializer.Serialize(verdict, ModelJson.Indented) + "\n");
    }

    [TestCaseSource(nameof(Cases))]
    public void Evaluate_SameInputsTwice_IsDeterministic(string caseDirectory)
    {
        var inputs = Load(caseDirectory);

        var first = JsonSerializer.Serialize(AccountRules.Evaluate(inputs), ModelJson.Options);
        var second = JsonSerializer.Serialize(AccountRules.Evaluate(inputs), ModelJson.Options);

        second.Should().Be(first);
    }

    private static AccountInputs Load(string directory) =>
        GoldenCases.Input<AccountInputs>(directory);
}
