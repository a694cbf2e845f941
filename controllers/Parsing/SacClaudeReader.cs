using SacOperator.Model;

namespace SacOperator.Parsing;

/// <summary>
/// sac's <c>spec.claude</c> (and the <c>spec.session</c> shortcut). A session left null follows
/// sac's role rule: long-lived coordinator roles continue their conversation, others start fresh.
/// </summary>
internal static class SacClaudeReader
{
    private static readonly string[] ContinuityRoles =
        ["lead", "head", "worker", "telegrammer", "worker-telegrammer", "coordinator", "orchestrator", "project-maintainer", "maintainer", "quality-agent", "dev-agent", "contributor"];

    private static readonly string[] ContinuityPrefixes =
        ["lead-", "lead_", "head-", "head_", "worker-", "worker_", "telegrammer-", "telegrammer_", "contributor-", "coordinator-", "orchestrator-"];

    /// <param name="role">The agent's role: <c>SCITEX_AGENT_CONTAINER_ROLE</c> in its environment, else <c>metadata.labels.role</c>.</param>
    public static ClaudeSpec Read(YamlMap? claude, YamlMap spec, string? role) => Read(claude, spec, role, out _, out _);

    public static ClaudeSpec Read(YamlMap? claude, YamlMap spec, string? role, out ClaudeProvider? provider, out IReadOnlyList<string> credentialsFiles)
    {
        var shortcut = spec.String("session") is { Length: > 0 } s ? SessionOf(spec, "session", s) : null;
        var written = shortcut ?? (claude?.String("session") is { Length: > 0 } c ? SessionOf(claude, "session", c) : null);
        var session = written ?? (WantsContinuity(role) ? ClaudeSessions.Continue : ClaudeSessions.Fresh);
        provider = null;
        credentialsFiles = [];
        if (claude is null)
        {
            return new ClaudeSpec { Session = session };
        }

        claude.Consume("account");
        (provider, credentialsFiles) = SacProviderReader.Read(claude);
        var result = new ClaudeSpec
        {
            Model = claude.String("model") is { Length: > 0 } model ? model : null,
            Flags = claude.Strings("flags") ?? [],
            Session = session,
            ResumeId = claude.String("resume_id") is { Length: > 0 } id ? id : null,
        };
        SacDefaults.Check(claude, "claude");
        claude.ReportUnknown();
        return result;
    }

    /// <summary>sac's rule: the role, case-insensitively, is a coordinator role or starts with one's prefix.</summary>
    public static bool WantsContinuity(string? role)
    {
        var normalized = role?.Trim().ToLowerInvariant();
        return !string.IsNullOrEmpty(normalized)
            && (ContinuityRoles.Contains(normalized, StringComparer.Ordinal) || ContinuityPrefixes.Any(p => normalized.StartsWith(p, StringComparison.Ordinal)));
    }

    private static string SessionOf(YamlMap map, string key, string value) =>
        value switch
        {
            "fresh" or "new" or "new-session" => ClaudeSessions.Fresh,
            "continue" or "continue-or-new" => ClaudeSessions.Continue,
            "resume" => ClaudeSessions.Resume,
            _ => Invalid(map, key, value),
        };

    private static string Invalid(YamlMap map, string key, string value)
    {
        map.Context.Error(map.Get(key), map.Child(key), $"'{value}' is not valid; must be one of fresh, new, new-session, continue, continue-or-new, resume");
        return ClaudeSessions.Fresh;
    }
}
