using System.Globalization;

namespace SacOperator.Benchmarks;

/// <summary>Resource use of one process, read from /proc (no sampling agent inside the process).</summary>
public static class ProcInfo
{
    public static readonly double TicksPerSecond = 100;

    /// <summary>User + system CPU seconds, including exited threads.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    public static double RssMb(int pid) => StatusKb(pid, "VmRSS:") / 1024.0;

    public static double PeakRssMb(int pid) => StatusKb(pid, "VmHWM:") / 1024.0;

    public static char State(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return 'X';
        }
    }

    /// <summary>This process's soft limit on open files (what its children inherit), or null when unlimited or unreadable.</summary>
    public static long? OpenFileLimit()
    {
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>Whether the live process has exactly <paramref name="entry"/> (NAME=value) in its environment.</summary>
    public static bool HasEnvironment(int pid, string entry)
    {
        try
        {
            var environ = File.ReadAllText($"/proc/{pid}/environ");
            return environ.StartsWith(entry + "\0", StringComparison.Ordinal) || environ.Contains("\0" + entry + "\0", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Live (non-zombie) processes whose argv is exactly <c>sleep MARKER</c>.</summary>
    public static int CountSleepers(string marker)
    {
        var count = 0;
        var expected = $"sleep\0{marker}\0";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")) == expected && State(int.Parse(name, CultureInfo.InvariantCulture)) is not ('Z' or 'X'))
                {
                    count++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return count;
    }

    private static long StatusKb(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
