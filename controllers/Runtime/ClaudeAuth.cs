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

    /// <summary>
    /// The wiring of an Account resource's credentials when the run uses one (<paramref name="account"/>,
    /// chosen by the planner: it wins over sac's own account settings); otherwise null for manifests
    /// and sac's wiring for every sac agent.
    /// </summary>
    public static Wiring? Resolve(string agentName, AgentSpec spec, IReadOnlyDictionary<string, string> operatorEnvironment, CredentialRef? account = null)
    {
        if (account is not null)
        {
            return FromAccount(account, operatorEnvironment);
        }

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

    /// <summary>
    /// A directory becomes the config directory; a file's directory too (it must be Claude Code's
    /// <c>.credentials.json</c>, see above); an env var's value becomes <c>ANTHROPIC_API_KEY</c>. A
    /// Kubernetes Secret is not read by this runtime: no wiring (the pod template mounts it).
    /// </summary>
    private static Wiring? FromAccount(CredentialRef account, IReadOnlyDictionary<string, string> environment)
    {
        if (account.Directory is { Length: > 0 } directory)
        {
            var path = AgentEnvironment.ExpandPath(directory, environment);
            return Directory.Exists(path)
                ? new Wiring(path, new Dictionary<string, string>(StringComparer.Ordinal))
                : throw new AgentStartException(StartFailureReasons.CredentialsMissing, $"the account's credentials directory {path} does not exist");
        }

        if (account.File is { Length: > 0 } file)
        {
            var path = Path.GetFullPath(AgentEnvironment.ExpandPath(file, environment));
            return Path.GetFileName(path) == ".credentials.json" && File.Exists(path)
                ? new Wiring(Path.GetDirectoryName(path), new Dictionary<string, string>(StringComparer.Ordinal))
                : throw new AgentStartException(StartFailureReasons.CredentialsMissing,
                    $"{path}: the account's credentials file must exist and be named .credentials.json (its directory is bound, never the single file)");
        }

        if (account.EnvVar is { Length: > 0 } variable)
        {
            return environment.GetValueOrDefault(variable) is { Length: > 0 } key
                ? new Wiring(null, new Dictionary<string, string>(StringComparer.Ordinal) { ["ANTHROPIC_API_KEY"] = key })
                : throw new AgentStartException(StartFailureReasons.CredentialsMissing,
                    $"the account's API key variable ${variable} is not set in the operator's environment");
        }

        return null;
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
