using System.Diagnostics;

namespace SacOperator.Benchmarks;

public sealed partial class SacopWorkloads
{
    /// <summary>
    /// 10% of the specs change every second (an env change: each forces a restart). An agent has
    /// converged when its running process carries the latest REVISION in its environment (read from
    /// /proc): the operator may coalesce two quick writes of one file into one generation, so
    /// counting generations would wait for changes it rightly never makes. Sampled once a second.
    /// </summary>
    private async Task<ChurnResult> ChurnAsync(int n, SacopUnderTest op)
    {
        var revision = new int[n];
        var pending = new HashSet<int>();
        var perSecond = Math.Max(1, n / 10);
        var backlog = new List<double>();
        var issued = 0;
        var watch = Stopwatch.StartNew();
        for (var second = 0; second < (int)options.Churn.TotalSeconds; second++)
        {
            var tick = Stopwatch.StartNew();
            foreach (var i in Pick(n, perSecond))
            {
                _specs.Write(i, revision: ++revision[i]);
                pending.Add(i);
                issued++;
            }

            pending.RemoveWhere(i => Converged(i, revision[i]));
            backlog.Add(pending.Count);
            var rest = TimeSpan.FromSeconds(1) - tick.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }
        }

        var churnSeconds = watch.Elapsed.TotalSeconds;
        var catchUp = Stopwatch.StartNew();
        while (pending.RemoveWhere(i => Converged(i, revision[i])) >= 0 && pending.Count > 0 && catchUp.Elapsed < ChurnCatchUpLimit)
        {
            await Task.Delay(100);
        }

        var converged = issued - pending.Count;
        var result = new ChurnResult(issued, churnSeconds, converged / (churnSeconds + catchUp.Elapsed.TotalSeconds),
            (int)backlog.Max(), catchUp.Elapsed.TotalSeconds, Stats.Of(backlog)) { Unconverged = pending.Count };
        log($"  churn: {issued} changes in {churnSeconds:0}s, {result.ConvergedPerSecond:0} converged/s, max backlog {result.MaxBacklog}, " +
            (pending.Count == 0 ? $"caught up {result.CatchUpSeconds:0.0}s after" : $"{pending.Count} still behind after {ChurnCatchUpLimit.TotalSeconds:0}s"));
        return result;
    }

    private static readonly TimeSpan ChurnCatchUpLimit = TimeSpan.FromMinutes(3);

    private bool Converged(int i, int revision) =>
        markers.Pid(SpecWriter.Name(i)) is { } pid && ProcInfo.HasEnvironment(pid, $"REVISION={revision}");

    /// <summary>kill -9 of the operator with N agents running, then a restart: time until all are adopted; duplicates counted.</summary>
    private async Task<RestartResult> RestartAsync(int n, SacopUnderTest op)
    {
        while (op.CountPhase("Running") < n)
        {
            await Task.Delay(100);
        }

        var adoptedBefore = op.CountEvents("Adopted");
        op.Kill();
        var watch = Stopwatch.StartNew();
        op.Start();
        while (op.CountEvents("Adopted") < adoptedBefore + n && watch.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(n > 2000 ? 100 : 10);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var duplicates = ProcInfo.CountSleepers(markers.Marker) - n;
        log($"  operator restart: all {n} adopted in {seconds:0.000}s, {duplicates} duplicates");
        return new RestartResult(seconds, duplicates, n);
    }
}
