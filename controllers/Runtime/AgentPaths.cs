using SacOperator.Model;
using SacOperator.Processes;

namespace SacOperator.Runtime;

/// <summary>
/// The per-agent runtime directory <c>&lt;home&gt;/runtime/&lt;name&gt;/</c> and what lives in it.
/// It is kept when the agent is deleted: logs and sessions outlive the process. The directories
/// are 0700 and the files 0600 (<see cref="PrivateFiles"/>): they hold the agent's conversation.
/// </summary>
public sealed record AgentPaths(string RuntimeDir)
{
    /// <summary><c>&lt;home&gt;/runtime</c>, the parent of every agent's runtime directory; null when not built by <see cref="For"/>.</summary>
    public string? Root { get; init; }

    /// <summary>Where the runtime directory appears inside an Apptainer instance.</summary>
    public const string ContainerStateDir = "/sac/state";

    public const string ContainerHome = "/home/agent";

    public string Pid => Path.Combine(RuntimeDir, "pid");

    public string Heartbeat => Path.Combine(RuntimeDir, "heartbeat.json");

    public string Session => Path.Combine(RuntimeDir, "session.jsonl");

    public string Stderr => Path.Combine(RuntimeDir, "stderr.log");

    /// <summary>FIFO the agent reads as stdin (startup prompts, later turns).</summary>
    public string Stdin => Path.Combine(RuntimeDir, "stdin");

    /// <summary>pid, start ticks and spec hash of the running process, for adoption if the DB row is missing.</summary>
    public string Instance => Path.Combine(RuntimeDir, "instance.json");

    /// <summary>The agent's canonical $HOME (bound as its home under Apptainer).</summary>
    public string Home => Path.Combine(RuntimeDir, "home");

    /// <summary>Default working directory when the spec names none.</summary>
    public string Work => Path.Combine(RuntimeDir, "work");

    /// <summary>Files in the runtime directory that hold agent output or state.</summary>
    private IEnumerable<string> Files => [Pid, Heartbeat, Session, Stderr, Stdin, Instance];

    public static AgentPaths For(string operatorHome, ResourceKey key) =>
        new(key.Namespace.Length == 0
            ? Path.Combine(operatorHome, "runtime", key.Name)
            : Path.Combine(operatorHome, "runtime", key.Namespace, key.Name))
        {
            Root = Path.Combine(operatorHome, "runtime"),
        };

    /// <summary>Deterministic instance name: <c>sac-&lt;name&gt;</c>, or <c>sac-&lt;namespace&gt;-&lt;name&gt;</c> in Kubernetes mode.</summary>
    public static string InstanceName(ResourceKey key) =>
        key.Namespace.Length == 0 ? $"sac-{key.Name}" : $"sac-{key.Namespace}-{key.Name}";

    /// <summary>
    /// Creates the runtime directory (and <see cref="Root"/>) owner-only, and takes group and other
    /// access away from directories and files an older version created readable (idempotent).
    /// </summary>
    public void EnsureRuntimeDir()
    {
        if (Root is not null)
        {
            PrivateFiles.EnsureDirectory(Root);
            if (Path.GetDirectoryName(RuntimeDir) is { } parent && parent != Root)
            {
                // The namespace level of Kubernetes-mode agents.
                PrivateFiles.EnsureDirectory(parent);
            }
        }

        PrivateFiles.EnsureDirectory(RuntimeDir);
        foreach (var file in Files)
        {
            PrivateFiles.Tighten(file);
        }
    }

    /// <summary>The runtime directory and the agent's home under it (idempotent).</summary>
    public void Ensure()
    {
        EnsureRuntimeDir();
        PrivateFiles.CreateDirectory(Home);
    }
}
