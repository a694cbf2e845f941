namespace SacOperator.Model;

/// <summary>Condition types and reasons written on Agents.</summary>
public static class AgentConditions
{
    public const string Ready = "Ready";
    public const string CrashLoop = "CrashLoopBackOff";
    public const string Suspended = "Suspended";
    public const string SpecValid = "SpecValid";

    /// <summary>What a Claude Code agent's own stream says (authentication, rate limit, stalled turns); only agents whose stream is followed have it.</summary>
    public const string Healthy = "Healthy";
}
