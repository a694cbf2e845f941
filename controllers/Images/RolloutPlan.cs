using SacOperator.Model;

namespace SacOperator.Images;

/// <summary>The rollout's next status, the events of the step, and when to look again.</summary>
public sealed record RolloutPlan
{
    /// <summary>Null while the image has no active version.</summary>
    public ImageRolloutStatus? Status { get; init; }

    public IReadOnlyList<RolloutEvent> Events { get; init; } = [];

    /// <summary>When a moving agent's minReadySeconds or progress deadline runs out.</summary>
    public TimeSpan? RequeueAfter { get; init; }
}
