using System.Text;
using NUnit.Framework;

namespace SacOperator.Tests.TestSupport;

/// <summary>
/// Compares output with a checked-in expected file under <c>testdata/</c>. With <c>UPDATE_GOLDEN=1</c>
/// the file in the source tree is rewritten instead and the test passes with a warning, so the
/// change shows up in <c>git diff</c> for review.
/// </summary>
public static class GoldenFile
{
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    /// <summary>The source-tree copy of a test data path (the output directory holds a build-time copy).</summary>
    public static string SourcePath(string relative) =>
        Path.Combine(Repo.Root, "tests", "SacOperator.Tests", "testdata", relative);

    /// <param name="relative">Path under <c>testdata/</c>, with forward slashes.</param>
    public static void Verify(string relative, string actual)
    {
        actual = Normalize(actual);
        if (Updating)
        {
            var source = SourcePath(relative);
            var previous = File.Exists(source) ? Normalize(File.ReadAllText(source)) : null;
            if (previous != actual)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(source)!);
                File.WriteAllText(source, actual);
                Assert.Warn($"UPDATE_GOLDEN=1: rewrote {source}; review the change before committing it");
            }

            return;
        }

        var expectedPath = Path.Combine(Repo.TestData, relative);
        if (!File.Exists(expectedPath))
        {
            Assert.Fail($"golden file testdata/{relative} does not exist; run the test with UPDATE_GOLDEN=1 to create it, then review it");
        }

        var expected = Normalize(File.ReadAllText(expectedPath));
        if (expected != actual)
        {
            Assert.Fail($"output differs from testdata/{relative} (- expected, + actual); if the new output is right, rerun with UPDATE_GOLDEN=1\n{Diff(expected, actual)}");
        }
    }

    /// <summary>A line diff with two lines of context around each change.</summary>
    public static string Diff(string expected, string actual)
    {
        var a = expected.TrimEnd('\n').Split('\n');
        var b = actual.TrimEnd('\n').Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var lines = new List<(char Op, int Line, string Text)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add((' ', x + 1, a[x]));
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                lines.Add(('-', x + 1, a[x]));
                x++;
            }
            else
            {
                lines.Add(('+', y + 1, b[y]));
                y++;
            }
        }

        const int context = 2;
        var shown = new bool[lines.Count];
        for (var k = 0; k < lines.Count; k++)
        {
            if (lines[k].Op != ' ')
            {
                for (var c = Math.Max(0, k - context); c <= Math.Min(lines.Count - 1, k + context); c++)
                {
                    shown[c] = true;
                }
            }
        }

        var output = new StringBuilder();
        for (var k = 0; k < lines.Count; k++)
        {
            if (!shown[k])
            {
                continue;
            }

            if (k > 0 && !shown[k - 1])
            {
                output.Append("  ...\n");
            }

            output.Append(lines[k].Op).Append(' ').Append(lines[k].Line.ToString("D3", System.Globalization.CultureInfo.InvariantCulture))
                .Append(" | ").Append(lines[k].Text).Append('\n');
        }

        return output.ToString();
    }

    private static string Normalize(string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return text.EndsWith('\n') ? text : text + "\n";
    }
}
