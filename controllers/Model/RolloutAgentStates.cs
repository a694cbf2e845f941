namespace SacOperator.Model;

/// <summary>Where one agent is in its Image's rollout; also the <c>state</c> label of <c>sac_image_rollout_agents</c>.</summary>
public static class RolloutAgentStates
{
    /// <summary>Still on the previous version, waiting for its turn.</summary>
    public const string Pending = "pending";

    /// <summary>Restarted onto the new version; not yet healthy for <c>minReadySeconds</c>.</summary>
    public const string Moving = "moving";

    /// <summary>Proved healthy on the new version.</summary>
    public const string Updated = "updated";

    /// <summary>Did not become healthy on the new version and went back to the previous one.</summary>
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Updated, Moving, Pending, Failed];
}
