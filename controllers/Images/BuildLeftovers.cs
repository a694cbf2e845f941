using System.Text;
using SacOperator.Processes;
using SacOperator.Runtime;

namespace SacOperator.Images;

/// <summary>
/// Removes what a build cut short left behind (the operator was killed during it): its staging
/// directory, after killing every process still working in it. A process is found by the staging
/// path in its command line, which also covers one spawned just before its pid was written down.
/// Called only under the image's <see cref="BuildLock"/>, so no running build is touched.
/// </summary>
public static class BuildLeftovers
{
    public static IReadOnlyList<string> Clean(ImageLayout layout)
    {
        var cleaned = new List<string>();
        foreach (var staging in ImageDisk.StagingDirectories(layout))
        {
            KillWorkingIn(staging);
            Directory.Delete(staging, recursive: true);
            cleaned.Add(Path.GetFileName(staging));
        }

        return cleaned;
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

            // Builds lead their own process group (spawned with setsid): the whole group goes.
            LibC.kill(stat.ProcessGroup == pid ? -pid : pid, LibC.SIGKILL);
        }
    }
}
