using SacOperator.Model;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>Maps sac's snake_case <c>spec</c> onto <see cref="AgentSpec"/>.</summary>
internal static class SacAgentSpecMapper
{
    /// <summary>sac fields SacOperator accepts but does not act on; warned about only when they hold a value.</summary>
    private static readonly string[] UnsupportedSpec =
    [
        "harness", "provider", "residency", "engines", "to_home", "to_home_layers", "python-venv", "user", "hosts",
        "startup_commands", "listen", "mcp_servers", "screen", "startup", "telegram", "container",
        "watchdog", "autonomous", "hooks", "context_management", "a2a", "comms", "lineage",
    ];

    private static readonly string[] UnsupportedApptainer =
    [
        "post", "environment", "def_file", "overlay_size", "overlay_create_if_missing", "tmpfs_size", "fakeroot",
        "jail", "nested_build", "preflight_allow", "container_workdir",
    ];

    private static readonly string[] UnsupportedClaude =
        ["continue_max_age_minutes", "channels", "auto_accept", "raw_options", "credentials_file", "credentials_files", "provider"];

    private static readonly string[] UnsupportedRestart = ["prune_on_stop"];

    /// <summary>
    /// sac's own defaults for fields SacOperator does not implement. Current sac requires every
    /// field to be written out, so a spec holding only these values asks for nothing we ignore.
    /// </summary>
    private static readonly Dictionary<string, string[]> SacDefaults = new(StringComparer.Ordinal)
    {
        ["harness"] = ["anthropic"],
        ["residency"] = ["resident"],
        ["tmpfs_size"] = ["2G", "2GB"],
        ["auto_accept"] = ["true", "True", "yes"],
        ["overlay_create_if_missing"] = ["true", "True", "yes"],
    };

    private static readonly ExecFields ExecFields = new()
    {
        Command = "extensions.sacoperator.command",
        Claude = ["claude.model", "claude.resume_id", "claude.flags"],
        Workdir = "workdir",
        Instance = ["apptainer.binds", "apptainer.raw_args", "apptainer.image", "apptainer.overlay"],
        Env = "apptainer.env",
    };

    /// <summary>Flat backoff keys from an old sac doc example; sac never read them.</summary>
    private static readonly string[] FlatBackoff = ["backoff_initial", "backoff_max", "backoff_multiplier"];

    public static AgentSpec Read(YamlMap spec, string hostName, IReadOnlyDictionary<string, string> relocated)
    {
        var context = spec.Context;
        foreach (var (key, target) in relocated)
        {
            if (spec.Has(key))
            {
                context.Error(spec.KeyNode(key), spec.Child(key), $"not a sac v3 field; use {target}");
            }

            spec.Consume(key);
        }

        var runtime = ReadRuntime(spec);
        var apptainer = spec.Map("apptainer");
        var claude = spec.Map("claude");
        var extensions = spec.Map("extensions");
        var ours = extensions?.Map("sacoperator");
        var defaults = new AgentSpec();

        var nv = apptainer?.Bool("nv") ?? false;
        var rocm = apptainer?.Bool("rocm") ?? false;
        if (nv && rocm)
        {
            context.Error(apptainer!.KeyNode("rocm"), "spec.apptainer.rocm", "nv and rocm are mutually exclusive");
        }

        var result = new AgentSpec
        {
            Runtime = ours?.OneOf("runtime", AgentRuntimes.All) ?? runtime,
            Image = apptainer?.String("image") is { Length: > 0 } image ? image : null,
            Command = ours?.Strings("command"),
            Claude = ReadClaude(claude, spec),
            StartupPrompts = spec.Strings("startup_prompts") ?? [],
            Env = (apptainer is null ? null : AgentSpecReader.ReadEnv(apptainer, "env")) ?? defaults.Env,
            Binds = apptainer is null ? [] : ReadBinds(apptainer),
            Workdir = spec.String("workdir"),
            Gpu = nv ? GpuKinds.Nvidia : rocm ? GpuKinds.Rocm : GpuKinds.None,
            Relaxed = apptainer?.Bool("relaxed") ?? false,
            RawArgs = apptainer?.Strings("raw_args") ?? [],
            Overlay = apptainer?.String("overlay") is { Length: > 0 } overlay ? overlay : null,
            Health = ReadHealth(spec.Map("health")),
            Restart = ReadRestart(spec.Map("restart")),
            Suspend = ours?.Bool("suspend") ?? false,
            Host = ReadHost(spec, hostName),
            Account = ours?.String("account") ?? (claude?.String("account") is { Length: > 0 } account ? account : null),
            TerminationGracePeriod = ours?.Duration("terminationGracePeriod") ?? defaults.TerminationGracePeriod,
        };

        WarnUnsupported(spec, UnsupportedSpec);
        if (apptainer is not null)
        {
            WarnUnsupported(apptainer, UnsupportedApptainer);
            apptainer.ReportUnknown();
        }

        if (claude is not null)
        {
            WarnUnsupported(claude, UnsupportedClaude);
            claude.ReportUnknown();
        }

        ours?.ReportUnknown("SacOperator reads runtime, command, suspend, account and terminationGracePeriod here");
        spec.ReportUnknown();
        // Name the sac fields, not the manifest ones (spec.image is itself rejected in a sac spec).
        AgentSpecReader.Check(spec, result, field => field switch
        {
            "image" => ("spec.apptainer.image",
                apptainer?.KeyNode("image") ?? spec.KeyNode("apptainer") ?? spec.KeyNode("runtime") ?? (YamlNode)spec.Node),
            "command" => ("spec.extensions.sacoperator.command", ours?.KeyNode("command")),
            "claude.resumeId" => ("spec.claude.resume_id", claude?.KeyNode("resume_id") ?? spec.KeyNode("claude")),
            "gpu" => (nv ? "spec.apptainer.nv" : "spec.apptainer.rocm", apptainer?.KeyNode(nv ? "nv" : "rocm")),
            _ => ((string Path, YamlNode? Node)?)null,
        });
        ExecLimits.Check(spec, result, ExecFields);
        return result;
    }

    private static string ReadRuntime(YamlMap spec)
    {
        var runtime = spec.String("runtime");
        switch (runtime)
        {
            case null or "" or "claude-agent-sdk" or "apptainer":
                return AgentRuntimes.Apptainer;
            case "tui":
                spec.Context.Warning(spec.Get("runtime"), "spec.runtime",
                    "SacOperator runs Claude Code headless (stream-json), not in a tmux TUI");
                return AgentRuntimes.Apptainer;
            default:
                spec.Context.Error(spec.Get("runtime"), "spec.runtime", "must be one of tui, claude-agent-sdk, apptainer");
                return AgentRuntimes.Apptainer;
        }
    }

    private static IReadOnlyList<string> ReadBinds(YamlMap apptainer)
    {
        var sequence = apptainer.Sequence("binds");
        if (sequence is null)
        {
            return [];
        }

        var binds = new List<string>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var path = $"spec.apptainer.binds[{i}]";
            string? text = item switch
            {
                YamlScalarNode s => s.Value,
                YamlMappingNode m => LegacyBind(apptainer.Context, m, path),
                _ => null,
            };
            if (text is null)
            {
                apptainer.Context.Error(item, path, "must be host:container[:ro|rw]");
                continue;
            }

            if (BindSpec.Check(text) is { } problem)
            {
                apptainer.Context.Error(item, path, problem);
            }

            binds.Add(text);
        }

        return binds;
    }

    private static string? LegacyBind(YamlReadContext context, YamlMappingNode node, string path)
    {
        var map = YamlMap.Open(context, node, path)!;
        var src = map.String("src");
        var dst = map.String("dst");
        var mode = map.String("mode") ?? "rw";
        map.ReportUnknown();
        return src is null || dst is null ? null : $"{src}:{dst}:{mode}";
    }

    /// <param name="spec">Holds sac's top-level <c>spec.session</c> shortcut, which overrides <c>claude.session</c>.</param>
    private static ClaudeSpec ReadClaude(YamlMap? claude, YamlMap spec)
    {
        var defaults = new ClaudeSpec();
        var shortcut = spec.String("session") is { Length: > 0 } s ? SessionOf(spec, "session", s) : null;
        if (claude is null)
        {
            return shortcut is null ? defaults : defaults with { Session = shortcut };
        }

        var session = shortcut ?? SessionOf(claude, "session", claude.String("session"));
        claude.Consume("account");
        return new ClaudeSpec
        {
            Model = claude.String("model") is { Length: > 0 } model ? model : null,
            Flags = claude.Strings("flags") ?? [],
            Session = session,
            ResumeId = claude.String("resume_id") is { Length: > 0 } id ? id : null,
        };
    }

    private static string SessionOf(YamlMap map, string key, string? value) =>
        value switch
        {
            null or "" or "fresh" or "new" or "new-session" => ClaudeSessions.Fresh,
            "continue" or "continue-or-new" => ClaudeSessions.Continue,
            "resume" => ClaudeSessions.Resume,
            var other => Invalid(map, key, other, "fresh, new, new-session, continue, continue-or-new, resume"),
        };

    private static HealthSpec ReadHealth(YamlMap? health)
    {
        var defaults = new HealthSpec();
        if (health is null)
        {
            // sac leaves health checks off unless enabled; exits are still noticed.
            return defaults with { Enabled = false };
        }

        var method = health.String("method") switch
        {
            null or "" or "sdk-alive" or "process" => HealthMethods.Process,
            "multiplexer-alive" => Warned(health, "method", "multiplexer-alive is a tmux probe; using process liveness", HealthMethods.Process),
            var other => Invalid(health, "method", other, "sdk-alive"),
        };
        var result = new HealthSpec
        {
            Enabled = health.Bool("enabled") ?? false,
            Method = method,
            Interval = health.Duration("interval", allowZero: false) ?? defaults.Interval,
            Timeout = health.Duration("timeout", allowZero: false) ?? defaults.Timeout,
        };
        health.ReportUnknown();
        return result;
    }

    private static RestartSpec ReadRestart(YamlMap? restart)
    {
        // sac's default policy is never; the compatibility reader keeps sac's meaning.
        var defaults = new RestartSpec { Policy = RestartPolicies.Never };
        if (restart is null)
        {
            return defaults;
        }

        foreach (var flat in FlatBackoff)
        {
            if (restart.Has(flat))
            {
                restart.Context.Warning(restart.KeyNode(flat), restart.Child(flat),
                    "flat backoff keys are not read by sac either; use restart.backoff.{initial,max,multiplier}");
            }

            restart.Consume(flat);
        }

        var result = new RestartSpec
        {
            Policy = restart.OneOf("policy", RestartPolicies.All) ?? defaults.Policy,
            MaxRetries = restart.Int("max_retries", -1) ?? defaults.MaxRetries,
            Backoff = AgentSpecReader.ReadBackoff(restart.Map("backoff")),
        };
        WarnUnsupported(restart, UnsupportedRestart);
        restart.ReportUnknown();
        return result;
    }

    private static string? ReadHost(YamlMap spec, string hostName)
    {
        var node = spec.Get("host");
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                return Substitute(scalar.Value ?? "", hostName);
            case YamlSequenceNode list when list.Children.Count > 0 && list.Children[0] is YamlScalarNode first:
                spec.Context.Warning(node, "spec.host", "host fallback lists are not supported; using the first host");
                return Substitute(first.Value ?? "", hostName);
            default:
                spec.Context.Error(node, "spec.host", "must be a host name or a list of host names");
                return null;
        }
    }

    private static string Substitute(string host, string hostName) =>
        host.Replace("${HOSTNAME}", hostName, StringComparison.Ordinal)
            .Replace("${SCITEX_OROCHI_HOSTNAME}", hostName, StringComparison.Ordinal);

    private static void WarnUnsupported(YamlMap map, IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            var node = map.Get(key);
            if (node is null || IsEmpty(node)
                || (node is YamlScalarNode scalar && SacDefaults.TryGetValue(key, out var defaults) && defaults.Contains(scalar.Value)))
            {
                continue;
            }

            map.Context.Warning(map.KeyNode(key), map.Child(key), "not supported by SacOperator; ignored");
        }
    }

    private static bool IsEmpty(YamlNode node) => node switch
    {
        YamlSequenceNode s => s.Children.Count == 0,
        YamlMappingNode m => m.Children.Count == 0 || m.Children.Values.All(IsEmpty),
        YamlScalarNode s => YamlScalars.IsNull(s) || s.Value is "false" or "" or "0" || (YamlScalars.TryBool(s, out var b) && !b),
        _ => false,
    };

    private static string Invalid(YamlMap map, string key, string value, string allowed)
    {
        map.Context.Error(map.Get(key), map.Child(key), $"'{value}' is not valid; must be one of {allowed}");
        return "";
    }

    private static string Warned(YamlMap map, string key, string message, string value)
    {
        map.Context.Warning(map.Get(key), map.Child(key), message);
        return value;
    }
}
