using System.Diagnostics;
using SacOperator.Processes;

namespace SacOperator.Benchmarks;

/// <summary>The six SacOperator workloads for one fleet size.</summary>
public sealed partial class SacopWorkloads(BenchOptions options, string root, StartMarkers markers, Action<string> log)
{
    private static readonly TimeSpan LongWait = TimeSpan.FromMinutes(10);
    private readonly SpecWriter _specs = new(Path.Combine(root, "agents"), markers);
    private readonly Random _random = new(42);

    public async Task<SizeResult> RunAsync(int n)
    {
        _specs.WriteAll(n);
        var notes = new List<string>();
        var (cold, op) = await ColdStartsAsync(n, notes);
        using (op)
        {
            var specChange = await SpecChangesAsync(n, op);
            var crash = await CrashesAsync(n);
            var idle = await IdleAsync(op);
            var churn = await ChurnAsync(n, op);
            var restart = await RestartAsync(n, op);
            op.Kill();
            Fleet.KillAll(markers.Marker);
            return new SizeResult
            {
                Agents = n, Cold = cold, SpecChangeMs = specChange, CrashRestartMs = crash, Idle = idle, Churn = churn,
                OperatorRestart = restart, Notes = notes,
            };
        }
    }

    /// <summary>Fresh home each run; the last run's operator stays up for the other workloads.</summary>
    private async Task<(ColdStart Cold, SacopUnderTest Operator)> ColdStartsAsync(int n, List<string> notes)
    {
        var started = new List<double>();
        var running = new List<double>();
        double peak = 0, cpu = 0;
        SacopUnderTest? op = null;
        for (var run = 0; run < options.Runs; run++)
        {
            op?.Dispose();
            Fleet.KillAll(markers.Marker);
            markers.Clear();
            var home = Path.Combine(root, $"home-{run}");
            op = new SacopUnderTest(options.Sacop, _specs.Directory, home);
            var since = DateTime.UtcNow.AddMilliseconds(-5);
            var watch = Stopwatch.StartNew();
            op.Start();
            if (!await markers.WaitForCountAsync(n, since, LongWait))
            {
                notes.Add($"cold start run {run}: only {markers.CountSince(since)} of {n} agents started within {LongWait}");
            }

            started.Add(watch.Elapsed.TotalSeconds);
            while (op.CountPhase("Running") < n && watch.Elapsed < LongWait)
            {
                await Task.Delay(n > 2000 ? 100 : 20);
            }

            running.Add(watch.Elapsed.TotalSeconds);
            peak = Math.Max(peak, ProcInfo.PeakRssMb(op.Pid));
            cpu = Math.Max(cpu, ProcInfo.CpuSeconds(op.Pid));
            log($"  cold start {run + 1}/{options.Runs}: all started {started[^1]:0.000}s, all Running {running[^1]:0.000}s");
        }

        return (new ColdStart(Stats.Of(started), Stats.Of(running), peak, cpu), op!);
    }

    /// <summary>Suspend/resume by editing one spec among N; latency until the kernel shows the process stopped/continued.</summary>
    private async Task<Stats> SpecChangesAsync(int n, SacopUnderTest op)
    {
        var samples = new List<double>();
        foreach (var i in Pick(n, options.Samples / 2))
        {
            var name = SpecWriter.Name(i);
            var pid = op.AgentPid(name) ?? markers.Pid(name) ?? 0;
            foreach (var suspend in new[] { true, false })
            {
                var watch = Stopwatch.StartNew();
                _specs.Write(i, suspend);
                while ((ProcInfo.State(pid) == 'T') != suspend && watch.Elapsed < TimeSpan.FromSeconds(10))
                {
                    Thread.Sleep(1);
                }

                samples.Add(watch.Elapsed.TotalMilliseconds);
            }

            await Task.Yield();
        }

        var stats = Stats.Of(samples);
        log($"  spec change → action: p50 {stats.Median:0.0} ms, p99 {stats.P99:0.0} ms");
        return stats;
    }

    /// <summary>kill -9 of one agent (a different one each time, so each is a first restart).</summary>
    public async Task<Stats> CrashesAsync(int n)
    {
        var samples = new List<double>();
        foreach (var i in Pick(n, options.Samples))
        {
            var name = SpecWriter.Name(i);
            if (markers.Pid(name) is not { } pid)
            {
                continue;
            }

            var next = markers.NextStart(name);
            var t0 = Stopwatch.GetTimestamp();
            LibC.kill(pid, LibC.SIGKILL);
            var done = await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(30)));
            if (done == next)
            {
                samples.Add(Stopwatch.GetElapsedTime(t0, await next).TotalMilliseconds);
            }
        }

        var stats = Stats.Of(samples);
        log($"  crash → restart: p50 {stats.Median:0.0} ms, p99 {stats.P99:0.0} ms ({stats.Count} samples)");
        return stats;
    }

    private async Task<IdleCost> IdleAsync(SacopUnderTest op)
    {
        await Task.Delay(options.Settle);
        var since = DateTime.UtcNow;
        var cpu0 = ProcInfo.CpuSeconds(op.Pid);
        await Task.Delay(options.Idle);
        var cpu = ProcInfo.CpuSeconds(op.Pid) - cpu0;
        var idle = new IdleCost(cpu / options.Idle.TotalSeconds * 100, ProcInfo.RssMb(op.Pid), op.WritesSince(since) / options.Idle.TotalMinutes, options.Idle.TotalSeconds);
        log($"  idle: {idle.CpuPercentOfOneCore:0.00}% of a core, RSS {idle.RssMb:0} MB, {idle.DbWritesPerMinute:0} DB writes/min");
        return idle;
    }

    internal IEnumerable<int> Pick(int n, int count) =>
        Enumerable.Range(0, n).OrderBy(_ => _random.Next()).Take(Math.Min(count, n)).ToList();
}
