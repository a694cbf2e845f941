using Microsoft.Extensions.Logging;
using SacOperator.Parsing;

namespace SacOperator.Stores;

/// <summary>How <see cref="DirectoryStore"/> reports what is wrong in a spec file: each problem once, until the file changes.</summary>
public sealed partial class DirectoryStore
{
    private void ReportProblems(string path, ParsedFile parsed)
    {
        var problems = string.Join('\n', parsed.AllDiagnostics.Select(d => d.ToString()));
        if (_loggedProblems.GetValueOrDefault(path) == problems)
        {
            return;
        }

        _loggedProblems[path] = problems;
        foreach (var diagnostic in parsed.AllDiagnostics)
        {
            if (diagnostic.IsError)
            {
                _metrics.StoreSyncErrors.Add(1, new KeyValuePair<string, object?>("store", Name));
                LogSpecError(_logger, diagnostic.ToString());
            }
            else
            {
                LogSpecWarning(_logger, diagnostic.ToString());
            }
        }
    }

    private static string DisplayPath(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    [LoggerMessage(2004, LogLevel.Error, "Invalid spec: {Diagnostic}")]
    private static partial void LogSpecError(ILogger logger, string diagnostic);

    [LoggerMessage(2005, LogLevel.Warning, "Spec warning: {Diagnostic}")]
    private static partial void LogSpecWarning(ILogger logger, string diagnostic);
}
