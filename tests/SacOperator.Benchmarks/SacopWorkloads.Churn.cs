using System.Diagnostics;

namespace SacOperator.Benchmarks;

public sealed partial class SacopWorkloads
{
    /// <summary>
    /// 10% of the specs change every second (an env change: each forces a restart). Once a second
    /// the backlog is sampled: agents whose reported observedGeneration is behind their latest spec.
    /// </summary>
    private async Task<ChurnResult> ChurnAsync(int n, SacopUnderTest op)
    {
        var generation = Enumerable.Range(0, n).ToDictionary(SpecWriter.Name, _ => 1L);
        var revision = new int[n];
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
                generation[SpecWriter.Name(i)]++;
                issued++;
            }

            backlog.Add(n - op.CountObservedAtLeast(generation));
            var rest = TimeSpan.FromSeconds(1) - tick.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }
        }

        var churnSeconds = watch.Elapsed.TotalSeconds;
        var catchUp = Stopwatch.StartNew();
        while (op.CountObservedAtLeast(generation) < n && catchUp.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(100);
        }

        var result = new ChurnResult(issued, churnSeconds, issued / (churnSeconds + catchUp.Elapsed.TotalSeconds),
            (int)backlog.Max(), catchUp.Elapsed.TotalSeconds, Stats.Of(backlog));
        log($"  churn: {issued} changes in {churnSeconds:0}s, {result.ConvergedPerSecond:0} converged/s, max backlog {result.MaxBacklog}, caught up {result.CatchUpSeconds:0.0}s after");
        return result;
    }

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
