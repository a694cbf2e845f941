using System.Text.Json;
using SacOperator.Model;

namespace SacOperator.Runtime;

/// <summary>The agent's argv and the stream-json lines that carry its startup prompts.</summary>
public static class AgentCommand
{
    /// <summary>
    /// <c>spec.command</c> when given; otherwise long-lived headless Claude Code reading
    /// stream-json turns from stdin (it keeps one session while stdin stays open).
    /// </summary>
    public static IReadOnlyList<string> Build(AgentSpec spec)
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
        }

        argv.AddRange(claude.Flags);
        return argv;
    }

    /// <summary>One stream-json user message per prompt, newline-terminated.</summary>
    public static string PromptLines(IEnumerable<string> prompts) =>
        string.Concat(prompts.Select(p => JsonSerializer.Serialize(new
        {
            type = "user",
            message = new { role = "user", content = new[] { new { type = "text", text = p } } },
        }) + "\n"));
}
