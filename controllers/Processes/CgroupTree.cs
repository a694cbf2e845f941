namespace SacOperator.Processes;

/// <summary>
/// The operator's own cgroup v2 subtree, <c>&lt;own cgroup&gt;/sacop-&lt;home digest&gt;</c>, holding one
/// child cgroup per agent. It exists only where the unified hierarchy is mounted and the operator
/// may create cgroups below its own (root, or a delegated systemd user service); elsewhere
/// <see cref="Detect"/> returns null with the reason, and agents are tracked by process group and
/// launch marker alone. Controllers are never enabled: the tree is for membership, not limits.
/// </summary>
public sealed class CgroupTree
{
    private CgroupTree(string path) => Path = path;

    /// <summary>Absolute path of the operator's subtree in the cgroup filesystem.</summary>
    public string Path { get; }

    /// <summary>
    /// Finds (and creates) this home's subtree. <paramref name="procRoot"/> and the mount table are
    /// parameters so tests can aim at another tree; the reason says why there is none. Without
    /// <paramref name="create"/> only an existing subtree is found.
    /// </summary>
    public static CgroupTree? Detect(string homeDigest, out string reason, string procRoot = "/proc", bool create = true)
    {
        var mount = UnifiedMount(System.IO.Path.Combine(procRoot, "self", "mountinfo"));
        if (mount is null)
        {
            reason = "no cgroup v2 (unified) hierarchy is mounted";
            return null;
        }

        var own = OwnCgroup(System.IO.Path.Combine(procRoot, "self", "cgroup"));
        if (own is null)
        {
            reason = "this process has no cgroup v2 membership";
            return null;
        }

        var path = System.IO.Path.Combine(mount, own.TrimStart('/'), "sacop-" + homeDigest);
        try
        {
            if (create)
            {
                Directory.CreateDirectory(path);
            }

            if (!File.Exists(System.IO.Path.Combine(path, "cgroup.procs")))
            {
                reason = $"{path} is not a cgroup directory";
                return null;
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            reason = $"cannot create {path} (no delegated cgroup subtree): {e.Message}";
            return null;
        }

        reason = "";
        return new CgroupTree(path);
    }

    /// <summary>The agent's cgroup (created by <see cref="AgentCgroup.Ensure"/> before its first start).</summary>
    public AgentCgroup For(string agentId) => new(System.IO.Path.Combine(Path, Sanitise(agentId)));

    /// <summary>Agent cgroups present in the subtree, by directory name.</summary>
    public IReadOnlyList<string> Children()
    {
        try
        {
            return [.. Directory.EnumerateDirectories(Path).Select(System.IO.Path.GetFileName).OfType<string>()];
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static string Sanitise(string id) =>
        string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    private static string? UnifiedMount(string mountinfo)
    {
        // Fields: id parent major:minor root mountpoint options [optional...] - fstype source superoptions
        foreach (var line in ReadLines(mountinfo))
        {
            var dash = line.IndexOf(" - ", StringComparison.Ordinal);
            if (dash < 0 || !line[(dash + 3)..].StartsWith("cgroup2 ", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line[..dash].Split(' ');
            if (fields.Length > 4 && fields[3] == "/")
            {
                return fields[4].Replace("\\040", " ", StringComparison.Ordinal);
            }
        }

        return null;
    }

    private static string? OwnCgroup(string cgroupFile) =>
        ReadLines(cgroupFile).FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal)) is { } line
            ? line[3..].Replace(" (deleted)", "", StringComparison.Ordinal)
            : null;

    private static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return [];
        }
    }
}
