namespace SacOperator.Model;

/// <summary>Account phases and the condition types written on Accounts.</summary>
public static class AccountPhases
{
    /// <summary>Usable: credentials valid and quota below the thresholds (or not metered).</summary>
    public const string Available = "Available";

    /// <summary>A window is used up: no new starts; agents rotate away or freeze until it resets.</summary>
    public const string Exhausted = "Exhausted";

    /// <summary>Credentials expired or refused: nothing starts on it until they are renewed.</summary>
    public const string Expired = "Expired";

    /// <summary>No fresh reading: never treated as Available, never a reason to stop anything.</summary>
    public const string Unknown = "Unknown";

    public static readonly IReadOnlyList<string> All = [Available, Exhausted, Expired, Unknown];

    /// <summary>Condition: the credentials are valid (not expired, not refused).</summary>
    public const string CredentialsValid = "CredentialsValid";

    /// <summary>Condition: quota is left in every window (from a fresh reading).</summary>
    public const string QuotaAvailable = "QuotaAvailable";

    /// <summary>Reason on an Available account whose 7-day window is nearly used: pools choose it last.</summary>
    public const string SevenDayNearCap = "SevenDayNearCap";
}
