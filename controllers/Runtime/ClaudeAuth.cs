using SacOperator.Model;

namespace SacOperator.Runtime;

/// <summary>
/// How a sac agent's Claude Code authenticates, as sac wires it. With <c>claude.provider</c>: the
/// endpoint, the key from the operator's variable the provider names, a clean config directory
/// and the model. Otherwise OAuth: the operator's <c>ANTHROPIC_API_KEY</c>,
/// <c>SAC_ANTHROPIC_API_KEY</c> and <c>CLAUDE_CODE_OAUTH_TOKEN</c> are forwarded when set, and
/// a credentials <em>directory</em> becomes <c>CLAUDE_CONFIG_DIR</c>: sac's account
/// (<c>~/.scitex/agent-container/accounts/&lt;account&gt;/</c>), the directory of the first
/// existing <c>credentials_file(s)</c>, or the operator's <c>~/.claude</c>. A directory, never a
/// file: Claude Code replaces its credentials file by renaming, which a file bind would not see.
/// Values travel only in the environment, never on a command line or in a message.
/// </summary>
public static class ClaudeAuth
{
    /// <summary>Where the credentials directory appears in the container.</summary>
    public const string ContainerConfigDir = "/tmp/sac-claude";

    private const string Accounts = "~/.scitex/agent-container/accounts";

    private static readonly string[] Forwarded = ["ANTHROPIC_API_KEY", "SAC_ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN"];

    /// <param name="ConfigDirectory">Host directory to use as <c>CLAUDE_CONFIG_DIR</c>; null when none applies.</param>
    /// <param name="Environment">Variables for the agent (under the spec's own).</param>
    public sealed record Wiring(string? ConfigDirectory, IReadOnlyDictionary<string, string> Environment);

    /// <summary>Null for manifests (their credentials come with the Account kind); every sac agent is wired.</summary>
    public static Wiring? Resolve(string agentName, AgentSpec spec, IReadOnlyDictionary<string, string> operatorEnvironment)
    {
        if (spec.Sac is not { } sac)
        {
            return null;
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (sac.Provider is { } provider)
        {
            var key = operatorEnvironment.GetValueOrDefault(provider.TokenVariable);
            if (string.IsNullOrEmpty(key))
            {
                throw new AgentStartException(StartFailureReasons.CredentialsMissing,
                    $"claude.provider needs the API key in ${provider.TokenVariable}, which is not set in the operator's environment; export it before sacop run");
            }

            env["ANTHROPIC_BASE_URL"] = provider.BaseUrl;
            env["SAC_ANTHROPIC_API_KEY"] = key;
            env["ANTHROPIC_API_KEY"] = key;
            env["CLAUDE_CONFIG_DIR"] = $"/tmp/sac-{agentName}-provider-cfg";
            if (spec.Claude.Model is { Length: > 0 } model)
            {
                env["ANTHROPIC_MODEL"] = model;
            }

            return new Wiring(null, env);
        }

        foreach (var name in Forwarded)
        {
            if (operatorEnvironment.GetValueOrDefault(name) is { Length: > 0 } value)
            {
                env[name] = value;
            }
        }

        return new Wiring(ConfigDirectory(spec, sac, operatorEnvironment), env);
    }

    private static string? ConfigDirectory(AgentSpec spec, SacSettings sac, IReadOnlyDictionary<string, string> environment)
    {
        if (spec.Account is { Length: > 0 } account)
        {
            var directory = AgentEnvironment.ExpandPath($"{Accounts}/{account}", environment);
            return Directory.Exists(directory)
                ? directory
                : throw new AgentStartException(StartFailureReasons.CredentialsMissing,
                    $"claude.account '{account}' has no credentials directory {directory}; save the account with sac, or remove claude.account to use ~/.claude");
        }

        if (sac.CredentialsFiles.Count > 0)
        {
            var files = sac.CredentialsFiles.Select(f => AgentEnvironment.ExpandPath(f, environment)).ToList();
            var file = files.FirstOrDefault(File.Exists)
                ?? throw new AgentStartException(StartFailureReasons.CredentialsMissing,
                    $"none of claude.credentials_file(s) exists: {string.Join(", ", files)}");
            return Path.GetFileName(file) == ".credentials.json"
                ? Path.GetDirectoryName(Path.GetFullPath(file))
                : throw new AgentStartException(StartFailureReasons.CredentialsMissing,
                    $"{file}: SacOperator binds the credentials directory, never a single file (a file bind goes stale when Claude Code renames its credentials), so the file must be named .credentials.json");
        }

        var home = AgentEnvironment.ExpandPath("~/.claude", environment);
        return Directory.Exists(home) ? home : null;
    }
}
