using SacOperator.Model;

namespace SacOperator.Homes;

/// <summary>
/// Where sac finds the directories it copies into an agent's <c>$HOME</c>: the user-wide shared
/// layer, the agents root's <c>_shared/to_home</c> and the agent's own <c>to_home</c>
/// (<c>_base</c> is sac's older name for <c>_shared</c>). Paths are kept as sac writes them
/// (relative to the spec's directory, or <c>~/</c>) and resolved where they are used.
/// </summary>
public static class HomeLayerPaths
{
    private const string UserAgentsRoot = "~/.scitex/agent-container/agents";

    private static readonly string[] SharedNames = ["_shared", "_base"];

    /// <summary>Every layer a sac spec inherits, lowest precedence first; a layer that is not on disk contributes nothing.</summary>
    /// <param name="toHome"><c>spec.to_home</c> as written; null or empty means <c>to_home</c> beside the spec.</param>
    public static IReadOnlyList<HomeLayer> Declare(string specDirectory, string? toHome, IReadOnlyDictionary<string, string> environment)
    {
        var user = Shared(UserAgentsRoot, specDirectory, environment);
        var project = Shared("..", specDirectory, environment);
        var layers = new List<HomeLayer>();
        if (Resolve(user, specDirectory, environment) != Resolve(project, specDirectory, environment))
        {
            // Specs under the user agents root see one directory as both shared layers; it counts once.
            layers.Add(new HomeLayer { Name = HomeLayerNames.UserShared, Path = user });
        }

        layers.Add(new HomeLayer { Name = HomeLayerNames.ProjectShared, Path = project });
        layers.Add(new HomeLayer { Name = HomeLayerNames.PerAgent, Path = toHome is { Length: > 0 } ? toHome : "to_home" });
        return layers;
    }

    /// <summary>The absolute directory of a layer path: <c>~</c> and <c>$VAR</c> expanded, relative paths against the spec's directory.</summary>
    public static string Resolve(string path, string? specDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var expanded = ExpandPath(path, environment);
        return Path.GetFullPath(Path.IsPathRooted(expanded) ? expanded : Path.Combine(specDirectory ?? Environment.CurrentDirectory, expanded));
    }

    /// <summary>Expands a leading <c>~</c> (the operator's <c>$HOME</c>) and <c>$VAR</c>/<c>${VAR}</c>; unknown variables stay as written.</summary>
    public static string ExpandPath(string path, IReadOnlyDictionary<string, string> environment)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = (environment.GetValueOrDefault("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)) + path[1..];
        }

        return System.Text.RegularExpressions.Regex.Replace(path, @"\$\{(\w+)\}|\$(\w+)",
            m => environment.GetValueOrDefault(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value) ?? m.Value);
    }

    private static string Shared(string agentsRoot, string specDirectory, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var name in SharedNames)
        {
            var candidate = $"{agentsRoot}/{name}/to_home";
            if (Directory.Exists(Resolve(candidate, specDirectory, environment)))
            {
                return candidate;
            }
        }

        return $"{agentsRoot}/{SharedNames[0]}/to_home";
    }
}
