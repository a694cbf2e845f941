namespace SacOperator.Model;

/// <summary>How an Image's new active version reaches the agents that run it (<c>spec.rollout.mode</c>).</summary>
public static class RolloutModes
{
    /// <summary>Agents move one batch at a time as soon as the version is active.</summary>
    public const string Auto = "auto";

    /// <summary>Agents stay on the previous version until <c>sacop image rollout NAME</c>.</summary>
    public const string Manual = "manual";

    public static readonly IReadOnlyList<string> All = [Auto, Manual];
}
