using SacOperator.Model;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>Maps sac's snake_case <c>spec</c> onto <see cref="AgentSpec"/>.</summary>
internal static class SacAgentSpecMapper
{
    /// <summary>The logical image sac starts when <c>apptainer.image</c> is empty.</summary>
    public const string DefaultImage = "sac-scitex";

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

    /// <param name="source">Where the spec lives and what the operator's environment says (home, variables).</param>
    public static AgentSpec Read(YamlMap spec, SacSource source, IReadOnlyDictionary<string, string> labels)
    {
        var context = spec.Context;
        var runtime = ReadRuntime(spec);
        ReadHarness(spec);
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

        var env = (apptainer is null ? null : SacEnvReader.Read(apptainer, "env")) ?? defaults.Env;
        var binds = apptainer is null ? SacBinds.None : SacBindReader.Read(apptainer, "binds", source.HostName);
        var volumes = spec.Map("container") is { } container ? ReadContainer(container, source.HostName) : SacBinds.None;
        var (layers, digest) = SacHomeReader.Read(spec, source.SpecDirectory, source.Environment);
        var role = env.GetValueOrDefault("SCITEX_AGENT_CONTAINER_ROLE") is { Length: > 0 } r ? r : labels.GetValueOrDefault("role");
        var claudeSpec = SacClaudeReader.Read(claude, spec, role, out var provider, out var credentialsFiles);
        var result = new AgentSpec
        {
            Runtime = ours?.OneOf("runtime", AgentRuntimes.All) ?? runtime,
            Image = apptainer?.String("image") is { Length: > 0 } image ? image : DefaultImage,
            Command = ours?.Strings("command"),
            Claude = claudeSpec,
            StartupPrompts = spec.Strings("startup_prompts") ?? [],
            A2a = A2aReader.ReadSac(spec),
            Env = env,
            Binds = [.. volumes.Binds, .. binds.Binds],
            Workdir = spec.String("workdir") is { Length: > 0 } workdir ? workdir : null,
            Gpu = nv ? GpuKinds.Nvidia : rocm ? GpuKinds.Rocm : GpuKinds.None,
            Relaxed = apptainer?.Bool("relaxed") ?? false,
            RawArgs = apptainer?.Strings("raw_args") ?? [],
            Overlay = apptainer?.String("overlay") is { Length: > 0 } overlay ? overlay : null,
            Health = ReadHealth(spec.Map("health")),
            Restart = ReadRestart(spec.Map("restart"), oneShot: spec.String("residency") == "one-shot"),
            Suspend = ours?.Bool("suspend") ?? false,
            Stopped = ours?.Bool("stopped") ?? false,
            Host = SacPlacement.Read(spec, source.HostName),
            Account = ours?.String("account") ?? (claude?.String("account") is { Length: > 0 } account ? account : null),
            TerminationGracePeriod = ours?.Duration("terminationGracePeriod") ?? defaults.TerminationGracePeriod,
            Sac = new SacSettings
            {
                HomeLayers = layers,
                HomeDigest = digest,
                StartupCommands = SacStartupCommandsReader.Read(spec),
                TmpfsSize = apptainer is null ? new SacSettings().TmpfsSize : ReadTmpfsSize(apptainer),
                OptionalBinds = [.. volumes.Optional, .. binds.Optional],
                EnsureDirectories = [.. volumes.EnsureDirectories, .. binds.EnsureDirectories],
                Fakeroot = apptainer?.Bool("fakeroot") ?? false,
                Provider = provider,
                CredentialsFiles = credentialsFiles,
            },
        };

        spec.Consume("to_home");
        spec.Consume("to_home_layers");
        spec.Consume("host");
        spec.Consume("hosts");
        spec.Consume("session");
        SacDefaults.Check(spec, "spec");
        if (apptainer is not null)
        {
            ReadRemovedApptainerFields(apptainer);
            SacDefaults.Check(apptainer, "apptainer");
            apptainer.ReportUnknown();
        }

        // spec.extensions is free-form data for other tools; only extensions.sacoperator is ours.
        ours?.ReportUnknown("SacOperator reads runtime, command, suspend, stopped, account and terminationGracePeriod here");
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

    /// <summary><c>tui</c> (sac's default), <c>claude-agent-sdk</c> and the legacy <c>apptainer</c> all run Claude Code in Apptainer.</summary>
    private static string ReadRuntime(YamlMap spec)
    {
        if (spec.String("runtime") is not (null or "" or "tui" or "claude-agent-sdk" or "apptainer"))
        {
            spec.Context.Error(spec.Get("runtime"), "spec.runtime", "must be one of tui, claude-agent-sdk, apptainer");
        }

        return AgentRuntimes.Apptainer;
    }

    /// <summary>
    /// <c>spec.harness</c> (and its deprecated alias <c>spec.provider</c>): only <c>anthropic</c>,
    /// Claude Code, runs under SacOperator; another harness is an error, never a silent Claude Code.
    /// </summary>
    private static void ReadHarness(YamlMap spec)
    {
        var harness = spec.String("harness");
        var alias = spec.String("provider");
        if (harness is { Length: > 0 } && alias is { Length: > 0 } && harness != alias)
        {
            spec.Context.Error(spec.KeyNode("provider"), "spec.provider",
                $"is the deprecated alias of spec.harness and disagrees with it ('{alias}' vs '{harness}'); keep spec.harness");
            return;
        }

        foreach (var key in new[] { "harness", "provider" })
        {
            if (spec.String(key) is { Length: > 0 } value && value != "anthropic")
            {
                spec.Context.Error(spec.Get(key), $"spec.{key}",
                    $"harness '{value}' is not supported by SacOperator: only anthropic (Claude Code) runs; remove the field or set it to anthropic");
            }
        }
    }

    private static SacBinds ReadContainer(YamlMap container, string hostName)
    {
        if (container.KeyNode("runtime") is { } removed)
        {
            container.Context.Error(removed, "spec.container.runtime", "was removed by sac: the container engine is always Apptainer; delete the field");
            container.Consume("runtime");
        }

        var volumes = SacBindReader.Read(container, "volumes", hostName);
        if (container.String("network") is { } network && network is not ("" or "host" or "bridge" or "none"))
        {
            container.Context.Error(container.Get("network"), "spec.container.network", "must be host, bridge or none");
        }

        return volumes;
    }

    private static void ReadRemovedApptainerFields(YamlMap apptainer)
    {
        if (apptainer.Has("container_workdir"))
        {
            apptainer.Context.Error(apptainer.KeyNode("container_workdir"), "spec.apptainer.container_workdir",
                "was removed by sac: mount the directory in apptainer.binds (host:/work:rw) and set spec.workdir to the container path");
        }

        apptainer.Consume("container_workdir");
    }

    /// <summary><c>M</c>, <c>MB</c>, <c>G</c> or <c>GB</c> (sac rejects K and sizes under 1 MB); empty keeps Apptainer's small tmpfs.</summary>
    private static string? ReadTmpfsSize(YamlMap apptainer)
    {
        if (apptainer.KeyNode("tmpfs_size") is null)
        {
            return new SacSettings().TmpfsSize;
        }

        var size = apptainer.String("tmpfs_size")?.Trim();
        if (string.IsNullOrEmpty(size))
        {
            return null;
        }

        if (SacSizes.ToBytes(size) is null)
        {
            apptainer.Context.Error(apptainer.Get("tmpfs_size"), "spec.apptainer.tmpfs_size", "must be a size such as 2G, 512M or 2048MB (units M, MB, G, GB)");
            return null;
        }

        return size;
    }

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
            "multiplexer-alive" => Warned(health, "method", "multiplexer-alive is a tmux probe (sac's validator rejects it); using process liveness", HealthMethods.Process),
            var other => Invalid(health, "method", other, "sdk-alive"),
        };
        var result = new HealthSpec
        {
            Enabled = health.Bool("enabled") ?? false,
            Method = method,
            Interval = SacDurations.Read(health, "interval", allowZero: false) ?? defaults.Interval,
            Timeout = SacDurations.Read(health, "timeout", allowZero: false) ?? defaults.Timeout,
        };
        health.ReportUnknown();
        return result;
    }

    /// <param name="oneShot">
    /// sac's <c>residency: one-shot</c>: exiting 0 completes the agent. For a resident agent sac
    /// restarts any exit under <c>on-failure</c> as under <c>always</c> (its monitor does not look
    /// at exit codes), which is SacOperator's <c>always</c> (docs/decisions/0012).
    /// </param>
    private static RestartSpec ReadRestart(YamlMap? restart, bool oneShot)
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

        var policy = restart.OneOf("policy", RestartPolicies.All) ?? defaults.Policy;
        var result = new RestartSpec
        {
            Policy = policy == RestartPolicies.OnFailure && !oneShot ? RestartPolicies.Always : policy,
            MaxRetries = restart.Int("max_retries", -1) ?? defaults.MaxRetries,
            Backoff = ReadBackoff(restart.Map("backoff")),
        };
        SacDefaults.Check(restart, "restart");
        restart.ReportUnknown();
        return result;
    }

    private static BackoffSpec ReadBackoff(YamlMap? map)
    {
        var defaults = new BackoffSpec();
        if (map is null)
        {
            return defaults;
        }

        // A zero delay restarts a crashing agent in a tight loop; the rules are the manifest reader's.
        var initial = SacDurations.Read(map, "initial", allowZero: false);
        var max = SacDurations.Read(map, "max", allowZero: false);
        var result = new BackoffSpec
        {
            Initial = initial ?? defaults.Initial,
            Max = max ?? defaults.Max,
            Multiplier = map.Double("multiplier", 1.0, 100.0) ?? defaults.Multiplier,
        };
        map.ReportUnknown();
        AgentSpecReader.CheckOrder(map, initial, max, result);
        return result;
    }

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
