using SacOperator.Model;

namespace SacOperator.Runtime;

/// <summary>Builds the environment an agent process sees.</summary>
public static class AgentEnvironment
{
    /// <summary>Inherited by local agents unless <c>relaxed</c> (which inherits everything), mirroring Apptainer's --cleanenv.</summary>
    private static readonly string[] Passthrough = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "TMPDIR", "SHELL", "TERM"];

    /// <summary>The variables SacOperator adds to every agent, plus the spec's own, over <paramref name="baseEnvironment"/>.</summary>
    /// <param name="stateDir">The runtime directory as the agent sees it (host path, or the container path).</param>
    public static Dictionary<string, string> Build(
        ResourceKey key,
        AgentSpec spec,
        string stateDir,
        IReadOnlyDictionary<string, string> baseEnvironment)
    {
        var env = new Dictionary<string, string>(baseEnvironment, StringComparer.Ordinal);
        foreach (var (k, v) in spec.Env)
        {
            env[k] = v;
        }

        env["SAC_AGENT_NAME"] = key.Name;
        env["SAC_STATE_DIR"] = stateDir;
        env["SAC_HEARTBEAT_FILE"] = Path.Combine(stateDir, "heartbeat.json");
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

    /// <summary>Expands a leading <c>~</c> and <c>$VAR</c>/<c>${VAR}</c> in host paths, as sac does for every path field.</summary>
    public static string ExpandPath(string path, IReadOnlyDictionary<string, string> operatorEnvironment) =>
        Homes.HomeLayerPaths.ExpandPath(path, operatorEnvironment);
}
