using System.Text;
using NUnit.Framework;
using SacOperator.Parsing;
using SacOperator.Stores;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Parsing;

/// <summary>
/// Specs the kernel would refuse to exec (an argument over MAX_ARG_STRLEN, argv + environment over
/// ARG_MAX) are invalid, naming the field. The inputs are generated (the values are megabytes);
/// the expected diagnostics are golden files under <c>testdata/exec-limits/</c>.
/// </summary>
[TestFixture]
public sealed class ExecLimitsTests
{
    /// <summary>Nothing is read from here: the path only names the input in diagnostics.</summary>
    private const string CaseDir = "/exec-limits";

    [Test]
    public void SpecFileParse_ArgumentOverMaxArgStrlen_IsRejectedNamingTheElement()
    {
        var text = Manifest("at-limit", "runtime: local", $"command: [bash, -c, {X(131071)}]")
            + Manifest("one-over", "runtime: local", $"command: [bash, -c, {X(131072)}]")
            + Manifest("one-mib", "runtime: local", $"command: [bash, -c, {X(1024 * 1024)}]")
            + Manifest("big-prompt", "runtime: local", "command: [cat]", $"startupPrompts: [{X(1024 * 1024)}]");

        var parsed = SpecFile.Parse($"{CaseDir}/input.yaml", text);

        GoldenFile.Verify("exec-limits/argument-too-long.txt", Render(parsed));
    }

    [Test]
    public void SpecFileParse_EnvironmentStringOverMaxArgStrlen_CountsNameEqualsValue()
    {
        // "BIG=" is 4 bytes: the value fits up to 131067 bytes with the NUL.
        var text = Manifest("env-at-limit", "runtime: local", "command: [env]", $"env: {{BIG: {X(131067)}}}")
            + Manifest("env-one-over", "runtime: local", "command: [env]", $"env: {{BIG: {X(131068)}}}")
            + Manifest("env-apptainer", "image: sac-base", $"env: {{BIG: {X(131067)}}}");

        var parsed = SpecFile.Parse($"{CaseDir}/input.yaml", text);

        GoldenFile.Verify("exec-limits/environment-too-long.txt", Render(parsed));
    }

    [Test]
    public void SpecFileParse_ArgvAndEnvironmentOverArgMax_IsRejectedWithTheTotal()
    {
        // 16 strings of 131063 bytes take 16 × (131063 + 1 + 8) = 2 MiB exactly.
        var flags = string.Join(", ", Enumerable.Repeat(X(131063), 16));
        var text = Manifest("total-at-limit", "runtime: local", $"claude: {{flags: [{flags}]}}")
            + Manifest("total-over", "runtime: local", $"claude: {{flags: [{flags}]}}", "env: {A: ''}");

        var parsed = SpecFile.Parse($"{CaseDir}/input.yaml", text);

        GoldenFile.Verify("exec-limits/total-too-large.txt", Render(parsed));
    }

    [Test]
    public void SpecFileParse_SacSpecOverExecLimits_NamesTheSacFields()
    {
        var text = $"""
            apiVersion: scitex-agent-container/v3
            kind: Agent
            spec:
              apptainer:
                image: sac-base
                raw_args: [--fakeroot, {X(200_000)}]
                env:
                  LOCAL_OK_APPTAINER_NOT: {X(131050)}
              claude:
                flags: [--verbose, {X(131072)}]
            """;

        var parsed = SpecFile.Parse($"{CaseDir}/big/spec.yaml", text, SpecGoldenTests.HostName);

        GoldenFile.Verify("exec-limits/sac-fields.txt", Render(parsed));
    }

    private static string X(int bytes) => new('x', bytes);

    private static string Manifest(string name, params string[] spec) =>
        $"""
        ---
        apiVersion: sacoperator.dev/v1alpha1
        kind: Agent
        metadata:
          name: {name}
        spec:
        {string.Join('\n', spec.Select(line => "  " + line))}

        """;

    /// <summary>Diagnostics and each resource's validity; not the objects, which hold the megabyte values.</summary>
    private static string Render(ParsedFile parsed)
    {
        var output = new StringBuilder();
        foreach (var diagnostic in parsed.AllDiagnostics)
        {
            output.Append((diagnostic with { File = Path.GetRelativePath(CaseDir, diagnostic.File) }).ToString()).Append('\n');
        }

        foreach (var resource in parsed.Resources)
        {
            output.Append("# ").Append(resource.Key.ToString()).Append(resource.IsValid ? ": valid" : ": invalid").Append('\n');
        }

        return output.ToString();
    }
}
