namespace SacOperator.Parsing;

/// <summary>A problem found in a spec file, located precisely enough to fix without searching.</summary>
/// <param name="Line">1-based; 0 when the problem is the path itself (a symlink loop, a dangling link), not a place in it.</param>
/// <param name="Path">Field path such as <c>spec.restart.policy</c>; empty for file-level problems.</param>
public sealed record Diagnostic(
    DiagnosticSeverity Severity,
    string File,
    int Line,
    int Column,
    string Path,
    string Message)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>Formats as <c>file:line:column: [warning: ]path: message</c> (<c>file: …</c> when <see cref="Line"/> is 0).</summary>
    public override string ToString()
    {
        var severity = Severity == DiagnosticSeverity.Warning ? "warning: " : "";
        var path = Path.Length > 0 ? Path + ": " : "";
        return Line > 0 ? $"{File}:{Line}:{Column}: {severity}{path}{Message}" : $"{File}: {severity}{path}{Message}";
    }
}
