using SacOperator.Model;

namespace SacOperator.Images;

/// <summary>Everything the rollout planner decides on.</summary>
public sealed record RolloutInput
{
    public required ImageRolloutSpec Spec { get; init; }

    /// <summary>The version the image plan makes active; null while there is none.</summary>
    public string? Active { get; init; }

    /// <summary>The active version the last status reported (a rollout starts when it changes).</summary>
    public string? PreviousActive { get; init; }

    /// <summary>The rollout the last status reported.</summary>
    public ImageRolloutStatus? Previous { get; init; }

    /// <summary>Agents that name the image, by name.</summary>
    public IReadOnlyList<RolloutAgent> Agents { get; init; } = [];

    public required DateTimeOffset Now { get; init; }

    /// <summary>When <c>sacop image rollout</c> last asked the rollout to go on.</summary>
    public DateTimeOffset? RequestedAt { get; init; }
}
