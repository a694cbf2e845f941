namespace SacOperator.Agents;

/// <summary>CamelCase reasons used in Agent conditions and events.</summary>
public static class AgentReasons
{
    public const string Running = "Running";
    public const string Starting = "Starting";
    public const string Started = "Started";
    public const string Exited = "Exited";
    public const string BackOff = "BackOff";
    public const string CrashLoopBackOff = "CrashLoopBackOff";
    public const string Completed = "Completed";
    public const string Error = "Error";
    public const string RestartLimitExceeded = "RestartLimitExceeded";
    public const string Suspended = "Suspended";
    public const string StoppedByUser = "StoppedByUser";
    public const string StartedByUser = "StartedByUser";
    public const string Frozen = "Frozen";
    public const string Thawed = "Thawed";
    public const string SpecChanged = "SpecChanged";
    public const string RestartRequested = "RestartRequested";
    public const string Unhealthy = "Unhealthy";
    public const string HealthUnknown = "HealthUnknown";
    public const string Stopping = "Stopping";
    public const string Killing = "Killing";
    public const string Deleted = "Deleted";
    public const string InvalidSpec = "InvalidSpec";
    public const string NotScheduledHere = "NotScheduledHere";

    /// <summary>spec.hostSelector matches no Ready, uncordoned Host with room.</summary>
    public const string Unschedulable = "Unschedulable";

    /// <summary>Placed on another Host by <c>sacop drain</c>.</summary>
    public const string Moved = "Moved";
    public const string ProcessStateUnknown = "ProcessStateUnknown";
    public const string Adopted = "Adopted";
    public const string CleaningUp = "CleaningUp";
    public const string StrayProcess = "StrayProcess";
    public const string RecordUnreadable = "RecordUnreadable";
    public const string HostNotReady = "HostNotReady";
    public const string ImageNotReady = "ImageNotReady";
    public const string ImageChanged = "ImageChanged";
    public const string CredentialsChanged = "CredentialsChanged";
    public const string AccountRotated = "AccountRotated";
    public const string QuotaExhausted = "QuotaExhausted";
    public const string CredentialsExpired = "CredentialsExpired";
    public const string Thawing = "Thawing";

    public const string Healthy = "Healthy";
    public const string AuthenticationFailed = "AuthenticationFailed";
    public const string RateLimited = "RateLimited";
    public const string Stalled = "Stalled";
    public const string TurnFailed = "TurnFailed";
    public const string SessionChanged = "SessionChanged";
}
