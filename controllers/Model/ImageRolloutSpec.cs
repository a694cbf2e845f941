namespace SacOperator.Model;

/// <summary>How agents move onto a new active version of the Image (decision 0026).</summary>
public sealed record ImageRolloutSpec
{
    /// <summary><c>auto</c> starts moving agents at once; <c>manual</c> waits for <c>sacop image rollout NAME</c>.</summary>
    public string Mode { get; init; } = RolloutModes.Auto;

    /// <summary>Agents moved at the same time; the next ones move only after these proved healthy.</summary>
    public int MaxUnavailable { get; init; } = 1;

    /// <summary>Seconds an agent must stay Running and ready on the new version (and, for Claude Code, after its first successful turn) before it counts as updated.</summary>
    public int MinReadySeconds { get; init; } = 10;

    /// <summary>Seconds an agent has to become healthy on the new version; past that the rollout stops and the agent goes back.</summary>
    public int ProgressDeadlineSeconds { get; init; } = 600;
}
