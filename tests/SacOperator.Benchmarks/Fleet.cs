using System.Globalization;
using SacOperator.Processes;

namespace SacOperator.Benchmarks;

/// <summary>Starting and stopping agent processes outside any supervisor (the floor, and cleanup).</summary>
public static class Fleet
{
    /// <summary>Kills every live process of this run's agents.</summary>
    public static void KillAll(string marker)
    {
        var expected = $"sleep\0{marker}\0";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")) == expected)
                {
                    LibC.kill(pid, LibC.SIGKILL);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>
    /// The physical floor: a shell starting N such processes in the background, with no
    /// supervisor, no state and no bookkeeping. Returns seconds until all have announced a start.
    /// </summary>
    public static async Task<double> FloorAsync(StartMarkers markers, int count)
    {
        markers.Clear();
        var since = DateTime.UtcNow.AddMilliseconds(-5);
        var script = Path.Combine(markers.Directory, "..", "floor.sh");
        var command = string.Join(' ', markers.Command("SAC_AGENT_NAME").Select(a => $"'{a.Replace("'", "'\\''", StringComparison.Ordinal)}'"));
        File.WriteAllText(script, $"for i in $(seq -f '%05g' 0 {count - 1}); do SAC_AGENT_NAME=agent-$i {command} </dev/null >/dev/null 2>&1 & done\n");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using (var shell = System.Diagnostics.Process.Start("bash", [script])!)
        {
            await shell.WaitForExitAsync();
        }

        var ok = await markers.WaitForCountAsync(count, since, TimeSpan.FromMinutes(5));
        var seconds = watch.Elapsed.TotalSeconds;
        KillAll(markers.Marker);
        return ok ? seconds : double.NaN;
    }
}
