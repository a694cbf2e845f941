namespace SacOperator.Model;

/// <summary>Settings of the default Claude Code command (used when <c>spec.command</c> is absent).</summary>
public sealed record ClaudeSpec
{
    /// <summary>Model passed to claude --model; empty uses Claude Code's default.</summary>
    public string? Model { get; init; }

    /// <summary>Extra flags appended to the <c>claude</c> invocation.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary><c>fresh</c>, <c>continue</c> or <c>resume</c>.</summary>
    public string Session { get; init; } = ClaudeSessions.Fresh;

    /// <summary>Session UUID for <c>session: resume</c>.</summary>
    public string? ResumeId { get; init; }

    /// <summary>Path or name of the <c>claude</c> executable.</summary>
    public string Executable { get; init; } = "claude";
}
