using System.Text;
using SacOperator.Model;
using SacOperator.Processes;

namespace SacOperator.Runtime;

/// <summary>Builds the environment an agent process sees.</summary>
public static class AgentEnvironment
{
    /// <summary>Inherited by local agents unless <c>relaxed</c> (which inherits everything), mirroring Apptainer's --cleanenv.</summary>
    private static readonly string[] Passthrough = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "TMPDIR", "SHELL", "TERM"];

    /// <summary>The largest value a file may give: Linux limits one environment string to 128 KiB.</summary>
    public const int MaxFileValueBytes = 128 * 1024;

    /// <summary>
    /// The variables SacOperator adds to every agent, plus the spec's own (values from files read
    /// now), over <paramref name="baseEnvironment"/>.
    /// </summary>
    /// <param name="stateDir">The runtime directory as the agent sees it (host path, or the container path).</param>
    /// <param name="operatorEnvironment">Expands <c>~</c> and <c>$VAR</c> in <c>valueFrom</c> paths.</param>
    /// <exception cref="AgentStartException">A <c>valueFrom</c> file cannot be read.</exception>
    public static Dictionary<string, string> Build(
        AgentLaunch launch,
        string stateDir,
        IReadOnlyDictionary<string, string> baseEnvironment,
        IReadOnlyDictionary<string, string> operatorEnvironment)
    {
        var env = new Dictionary<string, string>(baseEnvironment, StringComparer.Ordinal);
        foreach (var (k, v) in launch.Spec.Env)
        {
            env[k] = v;
        }

        foreach (var (name, written) in launch.Spec.EnvFiles)
        {
            var expanded = ExpandPath(written, operatorEnvironment);
            var path = Path.IsPathRooted(expanded) ? expanded : Path.GetFullPath(Path.Combine(launch.SpecDirectory ?? Environment.CurrentDirectory, expanded));
            env[name] = ReadValue(name, path);
        }

        env["SAC_AGENT_NAME"] = launch.Key.Name;
        env["SAC_STATE_DIR"] = stateDir;
        env["SAC_HEARTBEAT_FILE"] = Path.Combine(stateDir, "heartbeat.json");
        if (launch.Marker is { } marker)
        {
            // Only the agent process carries its launch identity; probes and helpers get a launch without one.
            env[LaunchMarker.Variable] = marker.Format();
        }

        return env;
    }

    /// <summary>A file's content as a value: UTF-8, one trailing newline dropped (as <c>echo secret &gt; file</c> leaves it).</summary>
    private static string ReadValue(string name, string path)
    {
        string problem;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
            if (stream.Length > MaxFileValueBytes)
            {
                problem = $"is larger than {MaxFileValueBytes / 1024} KiB";
            }
            else
            {
                using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
                var text = reader.ReadToEnd();
                text = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
                if (!text.Contains('\0', StringComparison.Ordinal))
                {
                    return text;
                }

                problem = "contains a NUL byte, which no environment variable can hold";
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            problem = "does not exist";
        }
        catch (UnauthorizedAccessException)
        {
            problem = "is not readable (permission denied, or a directory)";
        }
        catch (DecoderFallbackException)
        {
            problem = "is not UTF-8 text";
        }
        catch (IOException e)
        {
            problem = $"cannot be read: {e.Message}";
        }

        throw new AgentStartException(StartFailureReasons.EnvFileUnreadable,
            $"spec.env.{name}: the file {path} {problem}; fix the file or spec.env.{name}.valueFrom.file");
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
