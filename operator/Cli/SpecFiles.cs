using SacOperator.Parsing;
using SacOperator.Stores;

namespace SacOperator.Operator.Cli;

/// <summary>Finds and parses spec files named on the command line (files or directories).</summary>
public static class SpecFiles
{
    public static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden };
                foreach (var file in Directory.EnumerateFiles(path, "*", options).Where(SpecFile.IsCandidate).Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
            else if (File.Exists(path))
            {
                yield return path;
            }
            else
            {
                throw new CliError($"{path}: no such file or directory");
            }
        }
    }

    public static ParsedFile Parse(string file) => SpecFile.Parse(file, File.ReadAllText(file));
}
