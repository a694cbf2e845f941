using System.Globalization;
using System.Text;
using SacOperator.Processes;

namespace SacOperator.Tests.TestSupport;

/// <summary>
/// Every live process started for agents of one operator home, found independently of the
/// operator's own bookkeeping: by the <c>SAC_STATE_DIR</c> every agent process (and everything it
/// starts) inherits. Tests count duplicates and leftovers with it, and kill everything at the end.
/// </summary>
public static class HomeProcesses
{
    public sealed record Entry(int Pid, string Agent, IReadOnlyDictionary<string, string> Environment)
    {
        public string? Get(string name) => Environment.GetValueOrDefault(name);

        public override string ToString() => $"{Agent} pid {Pid} revision {Get("REVISION") ?? "-"}";
    }

    public static IReadOnlyList<Entry> List(string home)
    {
        var runtime = Path.Combine(Path.GetFullPath(home), "runtime") + "/";
        var result = new List<Entry>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || ProcStat.Read(pid) is not { IsZombie: false })
            {
                continue;
            }

            Dictionary<string, string> env;
            try
            {
                env = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "environ")))
                    .Split('\0', StringSplitOptions.RemoveEmptyEntries)
                    .Select(e => e.Split('=', 2))
                    .Where(p => p.Length == 2)
                    .GroupBy(p => p[0])
                    .ToDictionary(g => g.Key, g => g.First()[1]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (env.TryGetValue("SAC_STATE_DIR", out var state) && (state + "/").StartsWith(runtime, StringComparison.Ordinal)
                && env.TryGetValue("SAC_AGENT_NAME", out var agent))
            {
                result.Add(new Entry(pid, agent, env));
            }
        }

        return result;
    }

    /// <summary>SIGKILL to every process of the home (test clean-up; also catches strays nobody recorded).</summary>
    public static void KillAll(string home)
    {
        for (var round = 0; round < 3; round++)
        {
            var found = List(home);
            if (found.Count == 0)
            {
                break;
            }

            foreach (var p in found)
            {
                LibC.kill(p.Pid, LibC.SIGCONT);
                LibC.kill(p.Pid, LibC.SIGKILL);
            }
        }

        RemoveCgroups(home);
    }

    /// <summary>Kills what is left in the home's agent cgroups and removes them (they live outside the temp dir).</summary>
    public static void RemoveCgroups(string home)
    {
        if (CgroupTree.Detect(LaunchMarker.HomeDigest(Path.GetFullPath(home)), out _, create: false) is { } tree)
        {
            RemoveCgroupTree(tree);
        }
    }

    /// <summary>Kills every member of the tree's agent cgroups, then removes them and the tree.</summary>
    public static void RemoveCgroupTree(CgroupTree tree)
    {
        foreach (var child in tree.Children())
        {
            var cgroup = tree.For(child);
            cgroup.Kill();
            for (var attempt = 0; attempt < 50 && !cgroup.TryRemove(); attempt++)
            {
                Thread.Sleep(20);
            }
        }

        try
        {
            Directory.Delete(tree.Path);
        }
        catch (IOException)
        {
        }
    }
}
