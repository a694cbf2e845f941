namespace SacOperator.Runtime;

public static class StartFailureReasons
{
    public const string RuntimeUnavailable = "RuntimeUnavailable";
    public const string ImageNotFound = "ImageNotFound";
    public const string BindSourceMissing = "BindSourceMissing";
    public const string WorkdirMissing = "WorkdirMissing";
    public const string EnvFileUnreadable = "EnvFileUnreadable";
    public const string CommandNotFound = "CommandNotFound";
    public const string InstanceStartFailed = "InstanceStartFailed";
    public const string StartFailed = "StartFailed";
    public const string HomeMaterializationFailed = "HomeMaterializationFailed";
    public const string StartupCommandFailed = "StartupCommandFailed";
    public const string InsufficientScratchSpace = "InsufficientScratchSpace";
    public const string CredentialsMissing = "CredentialsMissing";
}
