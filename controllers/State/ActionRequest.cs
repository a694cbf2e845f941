using SacOperator.Model;

namespace SacOperator.State;

/// <summary>An imperative request (restart) left by the CLI for the running operator.</summary>
public sealed record ActionRequest(long Id, ResourceKey Key, string Action, DateTimeOffset At)
{
    public const string Restart = "restart";

    /// <summary>A restart in a new Claude Code session (<c>sacop restart --new-session</c>).</summary>
    public const string RestartNewSession = "restart-new-session";
}
