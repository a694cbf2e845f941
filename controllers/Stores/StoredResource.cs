using SacOperator.Model;
using SacOperator.Parsing;

namespace SacOperator.Stores;

/// <summary>
/// The desired state of one key as a store last saw it: the object when valid, or the problems
/// that make it invalid. Immutable; shared by every reader of a snapshot.
/// </summary>
public sealed record StoredResource
{
    public required ResourceKey Key { get; init; }

    /// <summary>Null when invalid.</summary>
    public Resource? Resource { get; init; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];

    /// <summary>File path (directory mode) or <c>kubernetes</c>.</summary>
    public required string Source { get; init; }

    public int Line { get; init; } = 1;

    /// <summary>Hash of what was read; equal hashes mean nothing changed.</summary>
    public required string ContentHash { get; init; }

    public bool IsValid => Resource is not null && !Diagnostics.Any(d => d.IsError);

    /// <summary>Deletion requested while finalizers still hold the object (Kubernetes mode).</summary>
    public bool DeletionRequested => Resource?.Metadata.DeletionTimestamp is not null;

    /// <summary>The errors in one line, at most <see cref="StatusText.ListLength"/> characters ("… and N more").</summary>
    public string ErrorSummary => StatusText.Join("; ", Diagnostics.Where(d => d.IsError).Select(d => d.ToString()));
}
