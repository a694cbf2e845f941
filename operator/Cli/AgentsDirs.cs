using System.CommandLine;

namespace SacOperator.Operator.Cli;

/// <summary>
/// Where agents are declared when no <c>--agents-dir</c> is given: <c>&lt;home&gt;/agents</c>,
/// and sac's own <c>~/.scitex/agent-container/agents</c> when it exists, so a sac user's fleet
/// is found without configuration.
/// </summary>
public static class AgentsDirs
{
    public static Option<string[]> Option() => new("--agents-dir")
    {
        Description = "Directory of spec files (repeatable; default: <home>/agents and, when it exists, sac's ~/.scitex/agent-container/agents)",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>sac's agents root for the current user.</summary>
    public static string Sac =>
        Path.Combine(Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ".scitex", "agent-container", "agents");

    public static IReadOnlyList<string> Resolve(string[]? given, string fullHome) =>
        given is { Length: > 0 }
            ? [.. given.Select(Path.GetFullPath)]
            : Directory.Exists(Sac) ? [Path.Combine(fullHome, "agents"), Sac] : [Path.Combine(fullHome, "agents")];

    /// <summary>The directory, marked when it is sac's (for the banner).</summary>
    public static string Describe(string dir) => dir == Sac ? $"{dir} (sac's agents directory)" : dir;

    /// <summary>
    /// The spec file of agent <paramref name="nameOrPath"/>: a path to a spec file or an agent
    /// directory, or a name found as <c>&lt;dir&gt;/&lt;name&gt;/spec.yaml</c> or <c>&lt;dir&gt;/&lt;name&gt;.yaml</c>.
    /// </summary>
    public static string FindSpec(string nameOrPath, IReadOnlyList<string> dirs)
    {
        if (File.Exists(nameOrPath))
        {
            return Path.GetFullPath(nameOrPath);
        }

        if (Directory.Exists(nameOrPath) && File.Exists(Path.Combine(nameOrPath, "spec.yaml")))
        {
            return Path.GetFullPath(Path.Combine(nameOrPath, "spec.yaml"));
        }

        var candidates = dirs.SelectMany(d => new[] { Path.Combine(d, nameOrPath, "spec.yaml"), Path.Combine(d, nameOrPath + ".yaml") }).ToList();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new CliError($"no spec for agent '{nameOrPath}' in {string.Join(" or ", candidates)}");
    }
}
