namespace SacOperator.Model;

/// <summary>sac's <c>to_home</c> layers, lowest precedence first.</summary>
public static class HomeLayerNames
{
    /// <summary><c>~/.scitex/agent-container/agents/_shared/to_home</c>: contributes only <c>.claude/settings.json</c>, as in sac.</summary>
    public const string UserShared = "user-shared";

    /// <summary><c>&lt;agents root&gt;/_shared/to_home</c>.</summary>
    public const string ProjectShared = "project-shared";

    /// <summary>The agent's own <c>to_home/</c>.</summary>
    public const string PerAgent = "per-agent";

    public static readonly IReadOnlyList<string> All = [UserShared, ProjectShared, PerAgent];
}
