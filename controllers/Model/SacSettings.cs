namespace SacOperator.Model;

/// <summary>
/// What a sac <c>spec.yaml</c> asks for beyond the manifest fields; set only by the sac
/// compatibility reader (manifests have no such block, and the CRD does not show it).
/// </summary>
public sealed record SacSettings
{
    /// <summary>Directories copied into the agent's <c>$HOME</c> before every start, lowest precedence first.</summary>
    public IReadOnlyList<HomeLayer> HomeLayers { get; init; } = [];

    /// <summary>
    /// Content digest of <see cref="HomeLayers"/> when the spec was read: a change under
    /// <c>to_home/</c> changes the spec, and so restarts the agent.
    /// </summary>
    public string? HomeDigest { get; init; }

    /// <summary>Run in the container, in order, before the agent; a failure fails the start.</summary>
    public IReadOnlyList<StartupCommand> StartupCommands { get; init; } = [];

    /// <summary>
    /// sac's <c>apptainer.tmpfs_size</c>: free space the container's <c>/tmp</c> scratch must have
    /// (<c>--workdir</c> on the host disk); null keeps Apptainer's small session tmpfs.
    /// </summary>
    public string? TmpfsSize { get; init; } = "2G";

    /// <summary>Binds (as in <c>spec.binds</c>) skipped with a warning when their source is missing (<c>required: false</c>).</summary>
    public IReadOnlyList<BindMount> OptionalBinds { get; init; } = [];

    /// <summary>Bind sources created before the start (<c>ensure: dir</c>).</summary>
    public IReadOnlyList<string> EnsureDirectories { get; init; } = [];

    /// <summary><c>claude.provider</c>: Claude Code talks to this endpoint with an API key; no OAuth directory is bound.</summary>
    public ClaudeProvider? Provider { get; init; }

    /// <summary>
    /// <c>claude.credentials_file</c> and <c>claude.credentials_files</c>: the first that exists is
    /// used, its directory bound (never the file alone: atomic renames break file binds).
    /// </summary>
    public IReadOnlyList<string> CredentialsFiles { get; init; } = [];

    /// <summary><c>apptainer.fakeroot</c>: adds <c>--fakeroot</c>.</summary>
    public bool Fakeroot { get; init; }
}
