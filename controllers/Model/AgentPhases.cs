namespace SacOperator.Model;

/// <summary>Agent phases. Strings rather than an enum so readers tolerate phases added later.</summary>
public static class AgentPhases
{
    public const string Pending = "Pending";
    public const string Starting = "Starting";
    public const string Running = "Running";
    public const string Restarting = "Restarting";
    public const string CrashLoopBackOff = "CrashLoopBackOff";
    public const string Frozen = "Frozen";
    public const string Stopped = "Stopped";
    public const string Failed = "Failed";
    public const string Invalid = "Invalid";

    /// <summary>Its host does not answer: the agent may well run there; nothing is done until it answers (decision 0025).</summary>
    public const string Unknown = "Unknown";

    public static readonly IReadOnlyList<string> All =
        [Pending, Starting, Running, Restarting, CrashLoopBackOff, Frozen, Stopped, Failed, Invalid, Unknown];
}
