using System.Text;
using SacOperator.Processes;
using SacOperator.Runtime;

namespace SacOperator.Images;

/// <summary>
/// Removes what a build cut short left behind (the operator was killed during it): its staging
/// directory, after killing every process still working in it: the process group recorded in
/// <c>build.pid</c> (checked by start time), and any process with the staging path in its command
/// line (one spawned just before its pid was written down) with its group.
/// Called only under the image's <see cref="BuildLock"/>, so no running build is touched.
/// </summary>
public static class BuildLeftovers
{
    public static IReadOnlyList<string> Clean(ImageLayout layout)
    {
        var cleaned = new List<string>();
        foreach (var staging in ImageDisk.StagingDirectories(layout))
        {
            KillRecorded(staging);
            KillWorkingIn(staging);
            Directory.Delete(staging, recursive: true);
            cleaned.Add(Path.GetFileName(staging));
        }

        return cleaned;
    }

    /// <summary>The build recorded in <c>build.pid</c> (pid and start time), with its whole process group.</summary>
    private static void KillRecorded(string staging)
    {
        try
        {
            var fields = File.ReadAllText(Path.Combine(staging, "build.pid")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (fields.Length == 2 && int.TryParse(fields[0], out var pid) && long.TryParse(fields[1], out var ticks) && new ProcessHandle(pid, ticks).IsAlive)
            {
                LibC.kill(-pid, LibC.SIGKILL);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No record (killed before it was written): the command-line scan finds the build.
        }
    }

    private static void KillWorkingIn(string staging)
    {
        var needle = Encoding.UTF8.GetBytes(staging);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            byte[] commandLine;
            try
            {
                commandLine = File.ReadAllBytes(Path.Combine(directory, "cmdline"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (commandLine.AsSpan().IndexOf(needle) < 0 || ProcStat.Read(pid) is not { } stat)
            {
                continue;
            }

            // Builds lead their own process group (spawned with setsid): the whole group goes, never the operator's own.
            var own = ProcStat.Read(Environment.ProcessId)?.ProcessGroup;
            LibC.kill(stat.ProcessGroup != own && stat.ProcessGroup > 1 ? -stat.ProcessGroup : pid, LibC.SIGKILL);
        }
    }
}
