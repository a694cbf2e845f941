using SacOperator.Model;

namespace SacOperator.State;

/// <summary>A resource as the operator last saw and reported it: desired object plus status.</summary>
public sealed record ResourceRow
{
    public required ResourceKey Key { get; init; }

    public string? Source { get; init; }

    public string? SpecHash { get; init; }

    /// <summary>Directory mode derives generations: +1 whenever the spec hash changes.</summary>
    public long Generation { get; init; }

    /// <summary>Desired object as JSON; null while invalid.</summary>
    public string? ObjectJson { get; init; }

    public string? StatusJson { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
