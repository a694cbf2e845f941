namespace SacOperator.Images;

/// <summary>What to do for one Image on this host, and the status that results.</summary>
public sealed record ImagePlan
{
    /// <summary>Start building this version label.</summary>
    public string? Build { get; init; }

    /// <summary>Why the build starts (for its event).</summary>
    public string? BuildCause { get; init; }

    /// <summary>Point <c>current</c> here.</summary>
    public string? SwitchTo { get; init; }

    /// <summary>Old versions to remove, none of them active, pinned, in use, or a base of another image.</summary>
    public IReadOnlyList<string> Prune { get; init; } = [];

    /// <summary>The version agents use once the plan is carried out.</summary>
    public string? ActiveVersion { get; init; }

    public required string Phase { get; init; }

    public required string Reason { get; init; }

    public string Message { get; init; } = "";

    public string? Stage { get; init; }
}
