using System.Text.Json;
using NUnit.Framework;
using SacOperator.Serialization;

namespace SacOperator.Tests.TestSupport;

/// <summary>Table cases of a pure function: one directory per case under testdata/&lt;folder&gt;/, its input as JSON.</summary>
public static class GoldenCases
{
    /// <summary>Every case directory, in a stable order, named <c>&lt;verb&gt;_&lt;case&gt;_MatchesGolden</c>.</summary>
    public static IEnumerable<TestCaseData> Under(string folder, string verb) =>
        Directory.EnumerateDirectories(Path.Combine(Repo.TestData, folder))
            .Order(StringComparer.Ordinal)
            .Select(dir => new TestCaseData(dir).SetName($"{verb}_{Path.GetFileName(dir)}_MatchesGolden"));

    /// <summary>The case's <c>input.json</c>, read as the model reads JSON.</summary>
    public static T Input<T>(string caseDirectory) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(caseDirectory, "input.json")), ModelJson.Options)
        ?? throw new InvalidDataException($"{caseDirectory}/input.json is empty");
}
