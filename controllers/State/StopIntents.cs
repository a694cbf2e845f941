namespace SacOperator.State;

/// <summary>Why a process is being stopped; decides whether its exit counts as a failure.</summary>
public static class StopIntents
{
    public const string Delete = "Delete";
    public const string SpecChanged = "SpecChanged";
    public const string Requested = "Requested";
    public const string Unhealthy = "Unhealthy";
    public const string Placement = "Placement";

    /// <summary><c>spec.stopped</c> (<c>sacop stop</c>): the next start is a fresh start, not a restart.</summary>
    public const string UserStop = "UserStop";

    /// <summary>Moving to another account of the pool: a restart on other credentials, not a failure.</summary>
    public const string AccountRotation = "AccountRotation";

    /// <summary>No usable account: stopped until one is (Frozen); the start after it is a resumption, not a restart.</summary>
    public const string AccountUnavailable = "AccountUnavailable";

    public static bool CountsAsFailure(string? intent) => intent == Unhealthy;
}
