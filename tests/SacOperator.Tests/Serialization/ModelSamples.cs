using SacOperator.Model;

namespace SacOperator.Tests.Serialization;

/// <summary>
/// Model objects with every field set, built fresh on each call. Maps are sorted by key, as the
/// readers produce them, so a written-and-reread object serialises identically.
/// </summary>
public static class ModelSamples
{
    public static Agent FullAgent() => new()
    {
        Metadata = new ObjectMeta
        {
            Name = "full-agent",
            Namespace = "research",
            Labels = new Dictionary<string, string> { ["team"] = "lab-a", ["tier"] = "1" },
            Annotations = new Dictionary<string, string> { ["note"] = "hello" },
            Generation = 4,
            Uid = "7d9f3c2e-1111-2222-3333-444455556666",
            ResourceVersion = "12345",
            CreationTimestamp = new DateTimeOffset(2026, 8, 1, 10, 0, 0, TimeSpan.Zero),
            DeletionTimestamp = new DateTimeOffset(2026, 8, 2, 11, 30, 0, TimeSpan.FromHours(2)),
            Finalizers = ["sacoperator.dev/cleanup"],
        },
        Spec = new AgentSpec
        {
            Runtime = AgentRuntimes.Apptainer,
            Image = "docker://ghcr.io/scitex-ai/sac-base:1.2",
            Command = ["claude", "--print"],
            Claude = new ClaudeSpec
            {
                Model = "opus",
                Flags = ["--dangerously-skip-permissions"],
                Session = ClaudeSessions.Resume,
                ResumeId = "0f8fad5b-d9cb-469f-a165-70867728950e",
                Executable = "/opt/claude/bin/claude",
            },
            StartupPrompts = ["Read CLAUDE.md.", "Start on the backlog."],
            Env = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["TZ"] = "UTC", ["RETRIES"] = "3" },
            EnvFiles = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["ANTHROPIC_API_KEY"] = "~/.config/sacop/anthropic-key" },
            Binds = [BindMount.Parse("~/proj/x:/work/x:rw"), BindMount.Parse("/data/ds:/data/ds:ro")],
            Workdir = "/work/x",
            Gpu = GpuKinds.Nvidia,
            Relaxed = true,
            RawArgs = ["--cleanenv"],
            Overlay = "/tmp/overlay.img",
            Health = new HealthSpec
            {
                Enabled = true,
                Method = HealthMethods.Http,
                Interval = TimeSpan.FromMinutes(1),
                Timeout = TimeSpan.FromMilliseconds(1500),
                FailureThreshold = 5,
                InitialDelay = TimeSpan.FromMinutes(90),
                Http = new HttpProbeSpec { Host = "127.0.0.2", Port = 8080, Path = "/healthz", Scheme = "https" },
                Exec = new ExecProbeSpec { Command = ["test", "-f", "/tmp/ok"] },
            },
            Restart = new RestartSpec
            {
                Policy = RestartPolicies.OnFailure,
                MaxRetries = -1,
                Backoff = new BackoffSpec { Initial = TimeSpan.FromSeconds(2), Max = TimeSpan.FromMinutes(5), Multiplier = 1.5 },
            },
            Suspend = true,
            Host = "gpu-box",
            Account = "alice",
            TerminationGracePeriod = TimeSpan.FromSeconds(45),
        },
    };

    public static AgentStatus FullStatus() => new()
    {
        ObservedGeneration = 4,
        Phase = AgentPhases.Running,
        Reason = "Started",
        Message = "running since 10:00",
        Conditions =
        [
            new Condition
            {
                Type = AgentConditions.Ready,
                Status = ConditionStatus.True,
                Reason = "ProbeSucceeded",
                Message = "http 200",
                LastTransitionTime = new DateTimeOffset(2026, 8, 1, 10, 0, 5, TimeSpan.Zero),
                ObservedGeneration = 4,
            },
        ],
        RestartCount = 2,
        Pid = 4242,
        InstanceName = "sac-full-agent",
        Runtime = AgentRuntimes.Apptainer,
        Host = "gpu-box",
        StartedAt = new DateTimeOffset(2026, 8, 1, 10, 0, 0, TimeSpan.Zero),
        LastExitCode = 137,
        LastExitTime = new DateTimeOffset(2026, 8, 1, 9, 59, 0, TimeSpan.Zero),
        NextRestartTime = new DateTimeOffset(2026, 8, 1, 10, 0, 30, TimeSpan.Zero),
        Source = "/agents/full-agent.yaml",
    };

    /// <summary>Only the required name; everything else at its default.</summary>
    public static Agent MinimalAgent() => new() { Metadata = new ObjectMeta { Name = "minimal" } };
}
