namespace SacOperator.Model;

public sealed record AgentSpec
{
    /// <summary><see cref="AgentRuntimes.Apptainer"/> (production) or <see cref="AgentRuntimes.Local"/>.</summary>
    public string Runtime { get; init; } = AgentRuntimes.Apptainer;

    /// <summary>SIF/sandbox path, docker:// / oras:// / library:// URI, or the name of an Image.</summary>
    public string? Image { get; init; }

    /// <summary>Full argv; when absent the Claude Code command is built from <see cref="Claude"/>.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    public ClaudeSpec Claude { get; init; } = new();

    /// <summary>Written to the agent's stdin as stream-json user messages after each start.</summary>
    public IReadOnlyList<string> StartupPrompts { get; init; } = [];

    /// <summary>The agent's A2A inbound (<c>POST /v1/turn</c>); null serves none.</summary>
    public A2aSpec? A2a { get; init; }

    /// <summary>
    /// Environment variables of the agent; names starting with SAC_ are reserved for the operator.
    /// Values that look like credentials are masked wherever the spec is stored or shown.
    /// </summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = ObjectMeta.NoLabels;

    /// <summary>
    /// Environment variables whose values the runtime reads from a file at each start: variable name
    /// to path as written (<c>~</c> and <c>$VAR</c> expanded, relative to the spec file). Only the path
    /// is kept, stored and shown; the model's JSON merges these into <c>env</c> as
    /// <c>{valueFrom: {file: PATH}}</c>, the manifest syntax.
    /// </summary>
    public IReadOnlyDictionary<string, string> EnvFiles { get; init; } = ObjectMeta.NoLabels;

    /// <summary><c>host:container[:ro|rw]</c>; host side may use <c>~</c> and <c>$VAR</c>.</summary>
    public IReadOnlyList<BindMount> Binds { get; init; } = [];

    /// <summary>Working directory of the agent process (inside the container under Apptainer).</summary>
    public string? Workdir { get; init; }

    /// <summary>GPU access: none, nvidia (Apptainer --nv) or rocm (--rocm).</summary>
    public string Gpu { get; init; } = GpuKinds.None;

    /// <summary>Skips the hardened Apptainer defaults (and the clean environment of the local runtime).</summary>
    public bool Relaxed { get; init; }

    /// <summary>Apptainer flags appended verbatim after the curated ones.</summary>
    public IReadOnlyList<string> RawArgs { get; init; } = [];

    /// <summary>Apptainer <c>--overlay</c>; when set, <c>--writable-tmpfs</c> is not added.</summary>
    public string? Overlay { get; init; }

    /// <summary>How the agent's health is judged.</summary>
    public HealthSpec Health { get; init; } = new();

    /// <summary>When and how fast the agent is restarted after it exits.</summary>
    public RestartSpec Restart { get; init; } = new();

    /// <summary>True freezes the agent's process group (SIGSTOP); false thaws it.</summary>
    public bool Suspend { get; init; }

    /// <summary>
    /// True stops the agent (SIGTERM, then SIGKILL after the grace period) and keeps it stopped
    /// (phase Stopped, reason StoppedByUser); false starts it again, as a fresh start rather than a
    /// restart. Unlike suspend, nothing is left running.
    /// </summary>
    public bool Stopped { get; init; }

    /// <summary>
    /// The host to run on: a Host name, or <c>local</c>. Empty means the operator's own host in directory
    /// mode; in Kubernetes mode placement picks a host and records it in <c>status.host</c>.
    /// </summary>
    public string? Host { get; init; }

    /// <summary>
    /// Labels a Host must carry for the operator to place the agent there (directory mode, when
    /// <c>host</c> is empty): a Ready, uncordoned Host with room, chosen once and kept in <c>status.host</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string>? HostSelector { get; init; }

    /// <summary>CPUs and memory the agent takes on its host, for placement by <c>hostSelector</c> (a GPU is counted from <c>gpu</c>).</summary>
    public AgentResources? Resources { get; init; }

    /// <summary>Account resource name whose credentials and quota the agent uses.</summary>
    public string? Account { get; init; }

    /// <summary>
    /// A pool of Account resources in preference order (instead of <see cref="Account"/>): each
    /// start takes the Available account with the most quota left, spread across the fleet; an
    /// exhausted or expired account is left for another of the pool, or the agent freezes.
    /// </summary>
    public IReadOnlyList<string> Accounts { get; init; } = [];

    /// <summary>Time between SIGTERM and SIGKILL when stopping.</summary>
    public TimeSpan TerminationGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>What a sac spec.yaml asks for beyond the manifest fields; null for manifests.</summary>
    [NotInManifests]
    public SacSettings? Sac { get; init; }
}
