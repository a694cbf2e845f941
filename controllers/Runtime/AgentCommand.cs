using System.Text.Json;
using SacOperator.Model;

namespace SacOperator.Runtime;

/// <summary>The agent's argv and the stream-json lines that carry its startup prompts.</summary>
public static class AgentCommand
{
    /// <summary>
    /// <c>spec.command</c> when given; otherwise long-lived headless Claude Code reading
    /// stream-json turns from stdin (it keeps one session while stdin stays open). A
    /// <c>session: fresh</c> agent runs on <paramref name="session"/>, the id the operator recorded.
    /// </summary>
    public static IReadOnlyList<string> Build(AgentSpec spec, ClaudeSession? session = null)
    {
        if (spec.Command is { Count: > 0 } command)
        {
            return command;
        }

        var claude = spec.Claude;
        var argv = new List<string>
        {
            claude.Executable, "-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose",
        };
        if (!string.IsNullOrEmpty(claude.Model))
        {
            argv.AddRange(["--model", claude.Model]);
        }

        switch (claude.Session)
        {
            case ClaudeSessions.Continue:
                argv.Add("--continue");
                break;
            case ClaudeSessions.Resume when claude.ResumeId is { } id:
                argv.AddRange(["--resume", id]);
                break;
            case ClaudeSessions.Fresh when session is not null:
                argv.AddRange(session.Arguments);
                break;
        }

        argv.AddRange(claude.Flags);
        return argv;
    }

    /// <summary>
    /// The session a start uses: for <c>session: fresh</c> the recorded id (a new one the first
    /// time), resumed once a process ran on it; null for other modes and for <c>command</c> agents.
    /// </summary>
    public static ClaudeSession? SessionFor(AgentSpec spec, string? recordedId, bool started) =>
        spec.Command is { Count: > 0 } || spec.Claude.Session != ClaudeSessions.Fresh
            ? null
            : recordedId is null
                ? new ClaudeSession(Guid.NewGuid().ToString(), Resume: false)
                : new ClaudeSession(recordedId, Resume: started);

    /// <summary>One stream-json user message per prompt, newline-terminated.</summary>
    public static string PromptLines(IEnumerable<string> prompts) =>
        string.Concat(prompts.Select(p => JsonSerializer.Serialize(new
        {
            type = "user",
            message = new { role = "user", content = new[] { new { type = "text", text = p } } },
        }) + "\n"));
}
