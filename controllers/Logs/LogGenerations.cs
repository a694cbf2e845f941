using System.Globalization;

namespace SacOperator.Logs;

/// <summary>
/// A log's rotated generations: <c>&lt;file&gt;.1</c> (newest) … <c>&lt;file&gt;.N</c> (oldest).
/// Concatenated oldest first and followed by the live file they reproduce the agent's output
/// byte for byte; a line may span a cut.
/// </summary>
public static class LogGenerations
{
    public static string PathOf(string live, int generation) =>
        live + "." + generation.ToString(CultureInfo.InvariantCulture);

    /// <summary>The new <c>.1</c> while it is being written.</summary>
    internal static string NextPath(string live) => live + ".next";

    /// <summary>The existing generations and the live file, oldest first.</summary>
    public static IReadOnlyList<string> Files(string live)
    {
        var files = Numbered(live).OrderByDescending(g => g.Generation).Select(g => g.Path).ToList();
        if (File.Exists(live))
        {
            files.Add(live);
        }

        return files;
    }

    /// <summary>
    /// Makes <paramref name="next"/> generation 1, moving the others up and dropping what falls
    /// beyond <paramref name="maxFiles"/>. Idempotent: after a crash part-way, running it again
    /// resumes where it stopped (the lowest missing generation shows how far it got).
    /// </summary>
    /// <param name="step">Called after each rename (crash tests stop there).</param>
    internal static void Shift(string live, int maxFiles, string next, Action<string>? step = null)
    {
        var gap = Enumerable.Range(1, maxFiles).FirstOrDefault(g => !File.Exists(PathOf(live, g)));
        if (gap == 0)
        {
            File.Delete(PathOf(live, maxFiles));
            step?.Invoke($"dropped {maxFiles}");
            gap = maxFiles;
        }

        for (var g = gap - 1; g >= 1; g--)
        {
            File.Move(PathOf(live, g), PathOf(live, g + 1));
            step?.Invoke($"moved {g}");
        }

        File.Move(next, PathOf(live, 1));
        foreach (var (generation, path) in Numbered(live))
        {
            if (generation > maxFiles)
            {
                // Left by a run with a larger --log-max-files.
                File.Delete(path);
            }
        }

        LogFileCalls.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(live))!);
    }

    private static IEnumerable<(int Generation, string Path)> Numbered(string live)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(live))!;
        var prefix = Path.GetFileName(live) + ".";
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(directory, prefix + "*"))
        {
            // The pattern also matches the live file itself ("name.*" includes "name").
            var name = Path.GetFileName(path);
            if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(name[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var generation) && generation > 0)
            {
                yield return (generation, path);
            }
        }
    }
}
