namespace SacOperator.Model;

/// <summary>Condition types written on Images besides Ready and SpecValid.</summary>
public static class ImageConditions
{
    /// <summary>Every agent of the image runs its active version; False while a rollout waits, progresses or failed (reason RolloutFailed, naming the agent).</summary>
    public const string RolledOut = "RolledOut";
}
