namespace SacOperator.Runtime;

/// <summary>
/// The operator-chosen session an agent's Claude Code runs on: created on the first start
/// (<c>--session-id</c>), resumed on every later one (<c>--resume</c>).
/// </summary>
public sealed record ClaudeSession(string Id, bool Resume)
{
    public IReadOnlyList<string> Arguments => Resume ? ["--resume", Id] : ["--session-id", Id];
}
