namespace SacOperator.Parsing;

/// <summary>Everything one file contributed, plus problems that belong to no single resource.</summary>
public sealed record ParsedFile(string File, IReadOnlyList<ParsedResource> Resources, IReadOnlyList<Diagnostic> FileDiagnostics)
{
    public IEnumerable<Diagnostic> AllDiagnostics =>
        FileDiagnostics.Concat(Resources.SelectMany(r => r.Diagnostics));
}
