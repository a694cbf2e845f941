namespace SacOperator.Images;

/// <summary>Reasons on Image status and events.</summary>
public static class ImageReasons
{
    public const string Built = "Built";
    public const string BuildStarted = "BuildStarted";
    public const string Building = "Building";
    public const string BuildFailed = "BuildFailed";
    public const string BaseNotReady = "BaseNotReady";
    public const string SourceUnreadable = "SourceUnreadable";
    public const string VersionNotFound = "VersionNotFound";
    public const string Switched = "Switched";
    public const string Pruned = "Pruned";
    public const string Active = "Active";
    public const string NoVersion = "NoVersion";
    public const string RolloutStarted = "RolloutStarted";
    public const string RolloutWaiting = "RolloutWaiting";
    public const string RolloutResumed = "RolloutResumed";
    public const string RolloutProgressing = "RolloutProgressing";
    public const string AgentMoving = "AgentMoving";
    public const string AgentUpdated = "AgentUpdated";
    public const string RolloutFailed = "RolloutFailed";
    public const string RolloutComplete = "RolloutComplete";
}
