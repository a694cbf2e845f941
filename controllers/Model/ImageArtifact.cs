namespace SacOperator.Model;

public sealed record ImageArtifact
{
    public required string Version { get; init; }

    public required string Path { get; init; }

    public string? Sha256 { get; init; }

    public DateTimeOffset? BuiltAt { get; init; }
}
