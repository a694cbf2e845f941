using SacOperator.Model;

namespace SacOperator.Parsing;

/// <summary>One resource read from a file: the object when valid, and every diagnostic either way.</summary>
public sealed record ParsedResource
{
    public required ResourceKey Key { get; init; }

    /// <summary>Null when the document had errors.</summary>
    public Resource? Resource { get; init; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];

    public required string File { get; init; }

    public int Line { get; init; } = 1;

    public bool IsValid => Resource is not null && !Diagnostics.Any(d => d.IsError);

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);

    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => !d.IsError);

    public string Location => $"{File}:{Line}";
}
