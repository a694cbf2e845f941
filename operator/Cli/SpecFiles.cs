using SacOperator.Parsing;
using SacOperator.Stores;

namespace SacOperator.Operator.Cli;

/// <summary>Finds and parses spec files named on the command line (files or directories).</summary>
public static class SpecFiles
{
    /// <summary>
    /// The files named, and the spec files under the directories named, listed as the operator
    /// lists them (<see cref="SpecTree"/>: each file once, symbolic links followed without loops).
    /// Problems of the trees themselves (a symlink loop, a dangling link) are added to
    /// <paramref name="problems"/>.
    /// </summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths, List<Diagnostic>? problems = null)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var listing = SpecTree.List(path);
                if (listing.RootProblem is { } problem)
                {
                    throw new CliError($"{path}: {problem}");
                }

                problems?.AddRange(listing.Diagnostics);
                files.AddRange(listing.Files.Select(f => f.Path));
            }
            else if (FileIdentity.TryOf(path, out _, out _, out var problem))
            {
                files.Add(path);
            }
            else
            {
                throw new CliError(new FileInfo(path).LinkTarget is { } target
                    ? $"{path}: dangling symbolic link to {target} ({problem})"
                    : $"{path}: {problem}");
            }
        }

        return files;
    }

    /// <summary>Parses <paramref name="file"/>; a file that cannot be read (gone since it was listed) is one error naming it.</summary>
    public static ParsedFile Parse(string file)
    {
        try
        {
            return SpecFile.Parse(file, File.ReadAllText(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ParsedFile(file, [], [new Diagnostic(DiagnosticSeverity.Error, file, 0, 0, "", $"cannot read: {e.Message}")]);
        }
    }
}
