using NUnit.Framework;

namespace SacOperator.Tests.TestSupport;

/// <summary>
/// Compares output with a checked-in golden file. With <c>UPDATE_GOLDEN=1</c> the file in the
/// source tree is rewritten instead (review the diff before committing).
/// </summary>
public static class Golden
{
    public static void Check(string caseDirectory, string fileName, string actual)
    {
        var relative = Path.GetRelativePath(Repo.TestData, caseDirectory);
        var source = Path.Combine(Repo.Root, "tests", "SacOperator.Tests", "testdata", relative, fileName);
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(source, actual);
            Assert.Warn($"golden file {source} rewritten");
            return;
        }

        if (!File.Exists(source))
        {
            Assert.Fail($"golden file {source} is missing; run with UPDATE_GOLDEN=1 to create it. Actual output:\n{actual}");
        }

        var expected = File.ReadAllText(source).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            var e = expected.Split('\n');
            var a = actual.Split('\n');
            var line = Enumerable.Range(0, Math.Max(e.Length, a.Length)).First(i => i >= e.Length || i >= a.Length || e[i] != a[i]);
            Assert.Fail($"{relative}/{fileName} differs at line {line + 1}:\n  expected: {(line < e.Length ? e[line] : "<end>")}\n  actual:   {(line < a.Length ? a[line] : "<end>")}\n" +
                        $"Run with UPDATE_GOLDEN=1 to accept. Full actual output:\n{actual}");
        }
    }
}
