namespace SacOperator.Model;

/// <summary>
/// One host's images (decision 0022): in directory mode each host's state DB holds the status of
/// the artifacts on that host, named by <see cref="Host"/>.
/// </summary>
public sealed record ImageStatus : ResourceStatus
{
    /// <summary>The version agents use.</summary>
    public string? ActiveVersion { get; init; }

    /// <summary>Built versions on this host, oldest first.</summary>
    public IReadOnlyList<ImageArtifact> Versions { get; init; } = [];

    /// <summary>While building: the version being built and the build's last stage line.</summary>
    public string? Stage { get; init; }

    /// <summary>The host whose artifacts this status describes.</summary>
    public string? Host { get; init; }

    /// <summary>Agents moving onto the active version; null before the image has one.</summary>
    public ImageRolloutStatus? Rollout { get; init; }
}
