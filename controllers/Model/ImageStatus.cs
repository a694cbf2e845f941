namespace SacOperator.Model;

public sealed record ImageStatus : ResourceStatus
{
    public string? ActiveVersion { get; init; }

    public IReadOnlyList<ImageArtifact> Artifacts { get; init; } = [];
}
