using System.Globalization;
using System.Text;

namespace SacOperator.Processes;

/// <summary>
/// Finds every live process that belongs to one operator home by the <see cref="LaunchMarker"/>
/// in its environment (<c>/proc/PID/environ</c>, readable for the operator's own user). This does
/// not depend on any record, so it sees processes that were spawned but never recorded, strays
/// and descendants that left the agent's process group. Cost: one read per process on the
/// machine, so it runs at start, on a slow period and when a run left processes behind.
/// </summary>
public static class ProcessScanner
{
    private static readonly byte[] Plain = Encoding.ASCII.GetBytes(LaunchMarker.Variable + "=");
    private static readonly byte[] Apptainer = Encoding.ASCII.GetBytes(LaunchMarker.ApptainerVariable + "=");

    public static IReadOnlyList<MarkedProcess> Scan(string homeDigest, string procRoot = "/proc")
    {
        var result = new List<MarkedProcess>();
        var self = Environment.ProcessId;
        foreach (var dir in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == self)
            {
                continue;
            }

            if (Read(pid, homeDigest, procRoot) is { } found)
            {
                result.Add(found);
            }
        }

        return result;
    }

    /// <summary>The marked process with this pid, if it is alive and belongs to <paramref name="homeDigest"/>.</summary>
    public static MarkedProcess? Read(int pid, string homeDigest, string procRoot = "/proc")
    {
        var before = ProcStat.Read(pid);
        if (before is not { } stat || stat.IsZombie)
        {
            return null;
        }

        byte[] environ;
        try
        {
            environ = File.ReadAllBytes(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "environ"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var marker = Find(environ);
        if (marker is null || marker.Home != homeDigest)
        {
            return null;
        }

        // The pid may have been reused between the two reads: keep it only if it is still the same process.
        return ProcStat.Read(pid) is { } after && after.StartTicks == stat.StartTicks
            ? new MarkedProcess(new ProcessHandle(pid, stat.StartTicks), stat.ProcessGroup, stat.Session, marker)
            : null;
    }

    /// <summary>The marker in a NUL-separated environment block; the plain variable wins over the apptainer one.</summary>
    public static LaunchMarker? Find(ReadOnlySpan<byte> environ)
    {
        LaunchMarker? fallback = null;
        while (environ.Length > 0)
        {
            var end = environ.IndexOf((byte)0);
            var entry = end < 0 ? environ : environ[..end];
            if (entry.StartsWith(Plain))
            {
                return LaunchMarker.TryParse(Encoding.UTF8.GetString(entry[Plain.Length..]));
            }

            if (entry.StartsWith(Apptainer))
            {
                fallback = LaunchMarker.TryParse(Encoding.UTF8.GetString(entry[Apptainer.Length..]));
            }

            environ = end < 0 ? [] : environ[(end + 1)..];
        }

        return fallback;
    }
}
