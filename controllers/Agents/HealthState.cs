namespace SacOperator.Agents;

/// <summary>sac's verdicts plus Starting. Unknown never authorises a kill.</summary>
public enum HealthState
{
    Alive,

    /// <summary>Within the initial delay, no proof of health yet.</summary>
    Starting,

    Unknown,

    /// <summary>Process present but not healthy (stale heartbeat, failing probe): restart per policy.</summary>
    Wedged,

    Dead,
}
