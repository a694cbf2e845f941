using SacOperator.Model;
using SacOperator.Processes;

namespace SacOperator.Runtime;

/// <summary>Everything a runtime needs to start one agent.</summary>
public sealed record AgentLaunch
{
    public required ResourceKey Key { get; init; }

    public required AgentSpec Spec { get; init; }

    public required AgentPaths Paths { get; init; }

    public required string InstanceName { get; init; }

    /// <summary>Directory of the spec file; relative image and overlay paths resolve against it.</summary>
    public string? SpecDirectory { get; init; }

    /// <summary>Identity the agent process carries in its environment (null for probes and other helper commands).</summary>
    public LaunchMarker? Marker { get; init; }

    /// <summary>The agent's cgroup directory (created), or null where agent cgroups are not used.</summary>
    public string? Cgroup { get; init; }

    /// <summary>Claude Code session to create or resume (null: the spec's own session setting decides).</summary>
    public ClaudeSession? Session { get; init; }

    /// <summary>The Account credentials to run with (a reference; the runtime binds or forwards them), null when no Account resource is used.</summary>
    public CredentialRef? Credentials { get; init; }

    /// <summary>The image artifact to start from instead of resolving <c>spec.image</c> (a version an Image's rollout pinned the agent to).</summary>
    public string? ImageArtifact { get; init; }

    /// <summary>Exec into an existing instance of this name instead of starting a fresh one (a crash restart with an unchanged spec).</summary>
    public bool ReuseInstance { get; init; }
}
