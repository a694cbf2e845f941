using System.Text;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Parsing;
using SacOperator.Serialization;
using SacOperator.Stores;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Parsing;

/// <summary>
/// Golden tests over <c>testdata/specs/&lt;case&gt;/</c>: each case holds one input (<c>input.yaml</c>,
/// or <c>&lt;agent&gt;/spec.yaml</c> for sac-native specs) and <c>expected.txt</c> with every diagnostic
/// followed by every parsed resource as canonical JSON. Regenerate with <c>UPDATE_GOLDEN=1</c>.
/// </summary>
[TestFixture]
public sealed class SpecGoldenTests
{
    /// <summary>What <c>${HOSTNAME}</c> in a sac spec.host expands to in every case.</summary>
    public const string HostName = "golden-host";

    private static string CasesRoot => Path.Combine(Repo.TestData, "specs");

    public static IEnumerable<TestCaseData> Cases() =>
        Directory.Exists(CasesRoot)
            ? Directory.EnumerateDirectories(CasesRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal)
                .Select(name => new TestCaseData(name))
            : [];

    [TestCaseSource(nameof(Cases))]
    public void SpecFileParse_GoldenCase_MatchesExpectedFile(string caseName)
    {
        var caseDir = Path.Combine(CasesRoot, caseName);
        var input = FindInput(caseDir);

        var parsed = SpecFile.Parse(input, File.ReadAllText(input), HostName);

        GoldenFile.Verify($"specs/{caseName}/expected.txt", Render(parsed, caseDir));
    }

    [Test]
    public void SpecGoldenCases_Directory_HoldsTheCases()
    {
        var cases = Cases().ToList();

        cases.Should().HaveCountGreaterThanOrEqualTo(30, "the cases under testdata/specs are copied to the output directory");
    }

    /// <summary>Diagnostics first (one per line), then each resource: a header, and its JSON when it has an object.</summary>
    public static string Render(ParsedFile parsed, string caseDir)
    {
        var output = new StringBuilder();
        var diagnostics = parsed.AllDiagnostics.ToList();
        output.Append("# diagnostics: ").Append(diagnostics.Count).Append('\n');
        foreach (var diagnostic in diagnostics)
        {
            output.Append((diagnostic with { File = Relative(caseDir, diagnostic.File) }).ToString()).Append('\n');
        }

        output.Append("# resources: ").Append(parsed.Resources.Count).Append('\n');
        foreach (var resource in parsed.Resources)
        {
            output.Append("# ").Append(resource.Key.ToString()).Append(" at ").Append(Relative(caseDir, resource.File))
                .Append(':').Append(resource.Line).Append(resource.IsValid ? ": valid" : ": invalid");
            if (resource.Resource is null)
            {
                output.Append(", no object\n");
                continue;
            }

            output.Append('\n').Append(ModelJson.Serialize(resource.Resource, indented: true)).Append('\n');
        }

        return output.ToString();
    }

    private static string FindInput(string caseDir)
    {
        var manifest = Path.Combine(caseDir, "input.yaml");
        var sac = Directory.EnumerateDirectories(caseDir)
            .Select(dir => Path.Combine(dir, "spec.yaml"))
            .Where(File.Exists)
            .ToList();
        var inputs = (File.Exists(manifest) ? [manifest] : Array.Empty<string>()).Concat(sac).ToList();
        if (inputs.Count != 1)
        {
            Assert.Fail($"{caseDir} must hold exactly one input (input.yaml or <agent>/spec.yaml); found {inputs.Count}");
        }

        return inputs[0];
    }

    private static string Relative(string caseDir, string file) =>
        Path.GetRelativePath(caseDir, file).Replace('\\', '/');
}
