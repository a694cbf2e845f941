using System.Diagnostics;
using System.Globalization;
using SacOperator.Benchmarks;

// make bench: SacOperator and supervisord side by side on the same machine, in one run.
var options = BenchOptions.Parse(args);
var root = Path.Combine(Path.GetTempPath(), $"sacop-bench-{Environment.ProcessId}");
Directory.CreateDirectory(root);
var marker = "7" + Random.Shared.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
void Log(string line) => Console.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");

var results = new List<SizeResult>();
var total = Stopwatch.StartNew();
try
{
    foreach (var n in options.Sizes)
    {
        Log($"N = {n}");
        var dir = Path.Combine(root, $"n{n}");
        using var markers = new StartMarkers(Path.Combine(dir, "started"), marker);
        var sacop = new SacopWorkloads(options, dir, markers, Log);
        var result = await sacop.RunAsync(n);
        var peers = new PeerWorkloads(options, dir, markers, Log);
        result = result with { Supervisord = await peers.SupervisordAsync(n, sacop), FloorSeconds = await peers.FloorAsync(n) };
        result = result with { SupervisordSkipped = peers.SkipReason };
        Fleet.KillAll(marker);
        results.Add(result);
    }
}
finally
{
    Fleet.KillAll(marker);
}

var report = new Report(options, Machine.Describe(), results, total.Elapsed, args);
Directory.CreateDirectory(options.OutputDirectory);
File.WriteAllText(Path.Combine(options.OutputDirectory, "benchmarks.json"), report.Json());
File.WriteAllText(Path.Combine(options.OutputDirectory, "benchmarks.md"), report.Markdown());
Log($"wrote {options.OutputDirectory}/benchmarks.md and benchmarks.json in {total.Elapsed.TotalMinutes:0.0} min");
try
{
    Directory.Delete(root, recursive: true);
}
catch (IOException)
{
}

// The benchmark's own correctness checks fail loudly: every agent converged, no duplicates.
var failures = results.SelectMany(r => r.Notes).Concat(results.Where(r => r.OperatorRestart?.Duplicates != 0).Select(r => $"N={r.Agents}: {r.OperatorRestart?.Duplicates} duplicate agents after the operator restart")).ToList();
foreach (var failure in failures)
{
    Console.Error.WriteLine("FAILED: " + failure);
}

return failures.Count == 0 ? 0 : 1;
