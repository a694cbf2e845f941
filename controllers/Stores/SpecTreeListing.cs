using SacOperator.Parsing;

namespace SacOperator.Stores;

/// <summary>What <see cref="SpecTree.List"/> found under one root.</summary>
public sealed record SpecTreeListing
{
    /// <summary>Why the root itself could not be listed (missing, not a directory, unreadable); null when it was.</summary>
    public string? RootProblem { get; init; }

    /// <summary>Candidate spec files, each file once, ordered by path.</summary>
    public IReadOnlyList<SpecTreeFile> Files { get; init; } = [];

    /// <summary>Warnings about the tree itself, one per path: symlink loops, dangling links, unreadable directories.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];

    /// <summary>
    /// Paths whose content could not be seen (an unreadable directory, a dangling link): what was
    /// known below them is out of sight, not gone.
    /// </summary>
    public IReadOnlyList<string> Unreachable { get; init; } = [];
}
