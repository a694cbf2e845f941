using System.Diagnostics;

namespace SacOperator.Benchmarks;

/// <summary>supervisord on the same workload, and the no-supervisor floor.</summary>
public sealed class PeerWorkloads(BenchOptions options, string root, StartMarkers markers, Action<string> log)
{
    /// <summary>Why the last <see cref="SupervisordAsync"/> did not run the peer, when it did not.</summary>
    public string? SkipReason { get; private set; }

    public async Task<PeerResult?> SupervisordAsync(int n, SacopWorkloads crashes)
    {
        if (options.SkipSupervisord || SupervisordUnderTest.Executable is null)
        {
            log("  supervisord: skipped (not installed; apt-get install supervisor)");
            return null;
        }

        // supervisord refuses to start unless it may open two descriptors per program (its minfds).
        var needed = SupervisordUnderTest.DescriptorsFor(n);
        if (ProcInfo.OpenFileLimit() is { } limit && limit < needed)
        {
            SkipReason = $"not run: supervisord needs {needed:N0} file descriptors for {n:N0} programs and this machine allows {limit:N0} (ulimit -n)";
            log("  supervisord: " + SkipReason);
            return null;
        }

        var starts = new List<double>();
        var runs = n > 2000 ? 1 : options.Runs;
        SupervisordUnderTest? peer = null;
        for (var run = 0; run < runs; run++)
        {
            peer?.Dispose();
            Fleet.KillAll(markers.Marker);
            markers.Clear();
            peer = new SupervisordUnderTest(Path.Combine(root, $"supervisord-{run}"), markers);
            var since = DateTime.UtcNow.AddMilliseconds(-5);
            var watch = Stopwatch.StartNew();
            peer.Start(n);
            var ok = await markers.WaitForCountAsync(n, since, TimeSpan.FromMinutes(15));
            starts.Add(ok ? watch.Elapsed.TotalSeconds : double.NaN);
            log($"  supervisord start {run + 1}/{runs}: all started {starts[^1]:0.000}s");
        }

        using (peer)
        {
            var crash = await crashes.CrashesAsync(n);
            await Task.Delay(options.Settle);
            var cpu0 = ProcInfo.CpuSeconds(peer!.Pid);
            await Task.Delay(options.Idle);
            var idle = new IdleCost((ProcInfo.CpuSeconds(peer.Pid) - cpu0) / options.Idle.TotalSeconds * 100, ProcInfo.RssMb(peer.Pid), 0, options.Idle.TotalSeconds);
            log($"  supervisord idle: {idle.CpuPercentOfOneCore:0.00}% of a core, RSS {idle.RssMb:0} MB");
            return new PeerResult(Stats.Of(starts), crash, idle);
        }
    }

    public async Task<Stats> FloorAsync(int n)
    {
        var samples = new List<double>();
        for (var run = 0; run < options.Runs; run++)
        {
            samples.Add(await Fleet.FloorAsync(markers, n));
        }

        var stats = Stats.Of(samples);
        log($"  floor (bash starting {n} processes, no supervisor): {stats.Median:0.000}s");
        return stats;
    }
}
