namespace SacOperator.Model;

public sealed record ImageStatus : ResourceStatus
{
    /// <summary>The version agents use.</summary>
    public string? ActiveVersion { get; init; }

    /// <summary>Built versions kept for rollback.</summary>
    public IReadOnlyList<ImageArtifact> Artifacts { get; init; } = [];
}
