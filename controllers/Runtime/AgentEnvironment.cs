using SacOperator.Model;
using SacOperator.Processes;

namespace SacOperator.Runtime;

/// <summary>Builds the environment an agent process sees.</summary>
public static class AgentEnvironment
{
    /// <summary>Inherited by local agents unless <c>relaxed</c> (which inherits everything), mirroring Apptainer's --cleanenv.</summary>
    private static readonly string[] Passthrough = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "TMPDIR", "SHELL", "TERM"];

    /// <summary>The variables SacOperator adds to every agent, plus the spec's own, over <paramref name="baseEnvironment"/>.</summary>
    /// <param name="marker">The launch identity of an agent process; never given to probes or helper commands.</param>
    /// <param name="stateDir">The runtime directory as the agent sees it (host path, or the container path).</param>
    public static Dictionary<string, string> Build(
        ResourceKey key,
        AgentSpec spec,
        string stateDir,
        IReadOnlyDictionary<string, string> baseEnvironment,
        LaunchMarker? marker = null)
    {
        var env = new Dictionary<string, string>(baseEnvironment, StringComparer.Ordinal);
        foreach (var (k, v) in spec.Env)
        {
            env[k] = v;
        }

        env["SAC_AGENT_NAME"] = key.Name;
        env["SAC_STATE_DIR"] = stateDir;
        env["SAC_HEARTBEAT_FILE"] = Path.Combine(stateDir, "heartbeat.json");
        if (marker is not null)
        {
            env[LaunchMarker.Variable] = marker.Format();
        }

        return env;
    }

    /// <summary>What a local agent inherits from the operator: everything when relaxed, else the basics.</summary>
    public static IReadOnlyDictionary<string, string> LocalBase(AgentSpec spec, IReadOnlyDictionary<string, string> operatorEnvironment) =>
        spec.Relaxed
            ? operatorEnvironment
            : Passthrough.Where(operatorEnvironment.ContainsKey).ToDictionary(n => n, n => operatorEnvironment[n], StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, string> Current()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        return result;
    }

    /// <summary>Expands a leading <c>~</c> and <c>$VAR</c>/<c>${VAR}</c> in host paths, as sac does for bind sources.</summary>
    public static string ExpandPath(string path, IReadOnlyDictionary<string, string> operatorEnvironment)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = (operatorEnvironment.GetValueOrDefault("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)) + path[1..];
        }

        return System.Text.RegularExpressions.Regex.Replace(path, @"\$\{(\w+)\}|\$(\w+)",
            m => operatorEnvironment.GetValueOrDefault(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value) ?? m.Value);
    }
}
