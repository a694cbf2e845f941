using SacOperator.Model;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>Maps a camelCase <c>spec</c> mapping of a <c>sacoperator.dev</c> Agent onto <see cref="AgentSpec"/>.</summary>
public static class AgentSpecReader
{
    private static readonly ExecFields ExecFields = new()
    {
        Command = "command",
        Claude = ["claude.executable", "claude.model", "claude.resumeId", "claude.flags"],
        Workdir = "workdir",
        Instance = ["binds", "rawArgs", "image", "overlay"],
        ProbeCommand = "health.exec.command",
        Env = "env",
    };

    public static AgentSpec Read(YamlMap? spec)
    {
        var defaults = new AgentSpec();
        if (spec is null)
        {
            return defaults;
        }

        var runtime = spec.OneOf("runtime", AgentRuntimes.All);
        (IReadOnlyDictionary<string, string>? Env, IReadOnlyDictionary<string, string>? Files) env = default;
        var result = new AgentSpec
        {
            Runtime = runtime ?? defaults.Runtime,
            Image = spec.String("image"),
            Command = spec.Strings("command"),
            Claude = ReadClaude(spec.Map("claude")),
            StartupPrompts = spec.Strings("startupPrompts") ?? [],
            A2a = A2aReader.ReadManifest(spec),
            Env = (env = EnvReader.Read(spec, "env")).Env ?? defaults.Env,
            EnvFiles = env.Files ?? defaults.EnvFiles,
            Binds = ReadBinds(spec, "binds"),
            Workdir = spec.String("workdir"),
            Gpu = spec.OneOf("gpu", GpuKinds.All) ?? defaults.Gpu,
            Relaxed = spec.Bool("relaxed") ?? false,
            RawArgs = spec.Strings("rawArgs") ?? [],
            Overlay = spec.String("overlay"),
            Health = HealthReader.Read(spec.Map("health")),
            Restart = ReadRestart(spec.Map("restart")),
            Suspend = spec.Bool("suspend") ?? false,
            Stopped = spec.Bool("stopped") ?? false,
            Host = spec.String("host"),
            HostSelector = spec.StringMap("hostSelector"),
            Resources = ReadResources(spec.Map("resources")),
            Account = spec.String("account"),
            Accounts = spec.Strings("accounts") ?? [],
            TerminationGracePeriod = spec.Duration("terminationGracePeriod") ?? defaults.TerminationGracePeriod,
        };
        spec.ReportUnknown();
        if (spec.Has("runtime") && runtime is null)
        {
            // An invalid runtime was already reported; checks that depend on it would only add noise.
            return result;
        }

        Check(spec, result);
        ExecLimits.Check(spec, result, ExecFields);
        return result;
    }

    /// <summary>Cross-field rules shared by the manifest and the sac compatibility readers.</summary>
    /// <param name="locate">
    /// Where a field (<c>image</c>, <c>command</c>, <c>claude.resumeId</c>, <c>gpu</c>) is written in the
    /// file being read, when that is not the manifest layout under <paramref name="spec"/> (a sac
    /// spec.yaml, or a document without a spec); null keeps the manifest path and location.
    /// </param>
    public static void Check(YamlMap spec, AgentSpec result, Func<string, (string Path, YamlNode? Node)?>? locate = null)
    {
        var context = spec.Context;
        (string Path, YamlNode? Node) Locate(string field, YamlNode? node) => locate?.Invoke(field) ?? (spec.Child(field), node);

        if (result.Runtime == AgentRuntimes.Apptainer && string.IsNullOrWhiteSpace(result.Image))
        {
            var (path, node) = Locate("image", spec.KeyNode("runtime") ?? (YamlNode)spec.Node);
            context.Error(node, path, "required when the runtime is apptainer (a .sif path, a docker:// URI or an Image name)");
        }

        if (result.Command is { Count: 0 })
        {
            var (path, node) = Locate("command", spec.KeyNode("command"));
            context.Error(node, path, "must not be empty; remove it to run Claude Code");
        }

        if (result.Claude.Session == ClaudeSessions.Resume && !Guid.TryParse(result.Claude.ResumeId, out _))
        {
            var (path, node) = Locate("claude.resumeId", spec.KeyNode("claude"));
            context.Error(node, path, "must be a session UUID when session is resume");
        }

        if (result.Account is { Length: > 0 } && result.Accounts.Count > 0)
        {
            var (path, node) = Locate("accounts", spec.KeyNode("accounts"));
            context.Error(node, path, "account pins one account and accounts names a pool; set one of them");
        }

        if (result.Runtime == AgentRuntimes.Local && result.Gpu != GpuKinds.None)
        {
            var (path, node) = Locate("gpu", spec.KeyNode("gpu"));
            context.Warning(node, path, "ignored by the local runtime");
        }

        HealthReader.Check(spec, result.Health);
    }

    /// <summary>An <c>env</c> mapping of plain strings (the sac spec's form).</summary>
    public static IReadOnlyDictionary<string, string>? ReadEnv(YamlMap map, string key)
    {
        var env = map.StringMap(key);
        if (env is null)
        {
            return null;
        }

        var node = map.Get(key) as YamlMappingNode;
        foreach (var name in env.Keys)
        {
            var keyNode = node?.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value == name);
            EnvReader.CheckName(map.Context, keyNode, $"{map.Child(key)}.{name}", name);
        }

        return env;
    }

    /// <summary>
    /// Each bind parsed once, here; a malformed one is an error at its item (and the spec is not
    /// run), but is still listed as written so the spec's hash does not depend on its problems.
    /// </summary>
    public static IReadOnlyList<BindMount> ReadBinds(YamlMap map, string key)
    {
        var binds = (map.Strings(key) ?? []).Select(BindMount.Parse).ToList();
        if (map.Get(key) is not YamlSequenceNode sequence)
        {
            return binds;
        }

        // Walk the items themselves: Strings skips non-string items, so its indexes can lag behind.
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (sequence.Children[i] is YamlScalarNode { Value: { } text } item && !YamlScalars.IsNull(item)
                && BindMount.Check(text) is { } problem)
            {
                map.Context.Error(item, $"{map.Child(key)}[{i}]", problem);
            }
        }

        return binds;
    }

    private static ClaudeSpec ReadClaude(YamlMap? map)
    {
        var defaults = new ClaudeSpec();
        if (map is null)
        {
            return defaults;
        }

        var result = new ClaudeSpec
        {
            Model = map.String("model"),
            Flags = map.Strings("flags") ?? [],
            Session = map.OneOf("session", ClaudeSessions.All) ?? defaults.Session,
            ResumeId = map.String("resumeId"),
            Executable = map.String("executable") ?? defaults.Executable,
        };
        map.ReportUnknown();
        return result;
    }

    private static RestartSpec ReadRestart(YamlMap? map)
    {
        var defaults = new RestartSpec();
        if (map is null)
        {
            return defaults;
        }

        var result = new RestartSpec
        {
            Policy = map.OneOf("policy", RestartPolicies.All) ?? defaults.Policy,
            MaxRetries = map.Int("maxRetries", -1) ?? defaults.MaxRetries,
            Backoff = ReadBackoff(map.Map("backoff")),
        };
        map.ReportUnknown();
        return result;
    }

    public static BackoffSpec ReadBackoff(YamlMap? map)
    {
        var defaults = new BackoffSpec();
        if (map is null)
        {
            return defaults;
        }

        // A zero delay restarts a crashing agent in a tight loop (1,025 restarts in 2 s were seen).
        var initial = map.Duration("initial", allowZero: false);
        var max = map.Duration("max", allowZero: false);
        var result = new BackoffSpec
        {
            Initial = initial ?? defaults.Initial,
            Max = max ?? defaults.Max,
            Multiplier = map.Double("multiplier", 1.0, 100.0) ?? defaults.Multiplier,
        };
        map.ReportUnknown();
        CheckOrder(map, initial, max, result);
        return result;
    }

    /// <summary>
    /// <c>max</c> below <c>initial</c> is an error at the value the author wrote (the other one may
    /// be a default they do not know); said once, and not on top of an invalid value. Shared by the
    /// manifest and the sac readers.
    /// </summary>
    public static void CheckOrder(YamlMap map, TimeSpan? initial, TimeSpan? max, BackoffSpec result)
    {
        var invalid = (initial is null && map.Has("initial")) || (max is null && map.Has("max"));
        if (result.Initial > result.Max && (initial is not null || max is not null) && !invalid)
        {
            var (key, message) = max is not null
                ? ("max", $"must not be less than initial ({DurationFormat.Format(result.Initial)})")
                : ("initial", $"must not exceed max ({DurationFormat.Format(result.Max)}, the default)");
            map.Context.Error(map.Get(key), map.Child(key), message);
        }
    }

    private static AgentResources? ReadResources(YamlMap? map)
    {
        if (map is null)
        {
            return null;
        }

        var result = new AgentResources { Cpus = map.Int("cpus", 0), Memory = QuantityReader.Bytes(map, "memory") };
        map.ReportUnknown();
        return result;
    }
}
