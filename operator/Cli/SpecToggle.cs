namespace SacOperator.Operator.Cli;

/// <summary>
/// A verb that sets one boolean of an agent's spec in its file: <c>suspend</c>/<c>resume</c>
/// (<c>spec.suspend</c>, the process group frozen) and <c>stop</c>/<c>start</c>
/// (<c>spec.stopped</c>, the process terminated and kept stopped). The same verbs name the
/// <c>POST /api/v1/agents/{name}/{verb}</c> endpoints.
/// </summary>
public sealed record SpecToggle(string Verb, string Field, bool Value, string Done, string Description)
{
    public static readonly SpecToggle Suspend = new("suspend", "suspend", true, "suspended",
        "Freeze agents (SIGSTOP) by setting suspend: true in their spec files");

    public static readonly SpecToggle Resume = new("resume", "suspend", false, "resumed",
        "Thaw suspended agents (SIGCONT) by setting suspend: false in their spec files");

    public static readonly SpecToggle Stop = new("stop", "stopped", true, "stopped",
        "Stop agents (SIGTERM, SIGKILL after the grace period) and keep them stopped, by setting stopped: true in their spec files");

    public static readonly SpecToggle Start = new("start", "stopped", false, "started",
        "Start stopped agents again by setting stopped: false in their spec files (a fresh start: no restart counted)");

    public static readonly IReadOnlyList<SpecToggle> All = [Suspend, Resume, Stop, Start];
}
