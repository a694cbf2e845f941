using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SacOperator.Benchmarks;

/// <summary>docs/benchmarks.md (tables with medians, p99 and ratios against supervisord) and docs/benchmarks.json.</summary>
public sealed class Report(BenchOptions options, Machine machine, IReadOnlyList<SizeResult> results, TimeSpan elapsed, string[] args)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string Json() => JsonSerializer.Serialize(new
    {
        generatedAt = DateTimeOffset.UtcNow,
        command = "make bench  # " + string.Join(' ', args),
        machine,
        supervisord = SupervisordUnderTest.Executable is null ? null : SupervisordUnderTest.Version(),
        options = new { options.Sizes, options.Runs, options.Samples, idleSeconds = options.Idle.TotalSeconds, churnSeconds = options.Churn.TotalSeconds, settleSeconds = options.Settle.TotalSeconds },
        results,
    }, JsonOptions);

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks").AppendLine();
        md.AppendLine($"Measured by `make bench` on {DateTimeOffset.UtcNow:yyyy-MM-dd} in {elapsed.TotalMinutes:0} minutes: {machine.Cpu}, {machine.Cores} cores, {machine.MemoryGb} GiB, Linux {machine.Kernel}, {machine.Dotnet}; supervisord {(SupervisordUnderTest.Executable is null ? "not installed" : SupervisordUnderTest.Version())}.");
        md.AppendLine($"Command: `make bench` (= `dotnet run --project tests/SacOperator.Benchmarks -c Release -- --sacop ./bin/sacop --out docs {string.Join(' ', args.SkipWhile(a => a != "--out").Skip(2))}`). Raw numbers: `docs/benchmarks.json`.").AppendLine();
        md.AppendLine("Every agent is the same trivial program under both supervisors: `sh -c 'echo $$ > started/NAME; exec sleep MARKER'`; a start (or restart) is timed when its marker file is written (inotify). SacOperator runs the built `./bin/sacop run` with the local runtime, observed from outside through /proc and its state DB. Medians and p99 are nearest-rank over repeated runs or samples.").AppendLine();
        Targets(md);
        foreach (var r in results)
        {
            Size(md, r);
        }

        // The hand-written reading of the numbers (definitions, what limits each one) travels with every run.
        var notes = Path.Combine(AppContext.BaseDirectory, "Analysis.md");
        if (File.Exists(notes))
        {
            md.AppendLine(File.ReadAllText(notes).TrimEnd());
        }

        return md.ToString();
    }

    private void Targets(StringBuilder md)
    {
        md.AppendLine("## Targets (2 cores)").AppendLine();
        md.AppendLine("| Target | Measured | Met |").AppendLine("|---|---|---|");
        var k = results.FirstOrDefault(r => r.Agents == 1000);
        var tenK = results.FirstOrDefault(r => r.Agents == 10000);
        Row(md, "1,000 agents converged from cold ≤ 2 s (all Running)", k?.Cold?.AllRunningSeconds.Median, "s", v => v <= 2);
        Row(md, "spec change → reconcile p99 ≤ 50 ms (1,000 specs)", k?.SpecChangeMs?.P99, "ms", v => v <= 50);
        Row(md, "crash → first restart p99 ≤ 100 ms (1,000 agents)", k?.CrashRestartMs?.P99, "ms", v => v <= 100);
        Row(md, "idle CPU ≤ 1% of a core, 1,000 running", k?.Idle?.CpuPercentOfOneCore, "%", v => v <= 1);
        Row(md, "RSS ≤ 150 MB, 1,000 running", k?.Idle?.RssMb, "MB", v => v <= 150);
        Row(md, "RSS ≤ 200 MB at 10,000 specs (running)", tenK?.Idle?.RssMb, "MB", v => v <= 200);
        md.AppendLine($"| zero duplicates after an operator restart | {string.Join(", ", results.Select(r => $"{r.OperatorRestart?.Duplicates.ToString(CultureInfo.InvariantCulture) ?? "–"} at {r.Agents:N0}"))} | {(results.All(r => r.OperatorRestart?.Duplicates == 0) ? "yes" : "**no**")} |");
        md.AppendLine();
    }

    private static void Row(StringBuilder md, string target, double? value, string unit, Func<double, bool> met) =>
        md.AppendLine($"| {target} | {(value is { } v ? $"{v:0.###} {unit}" : "not measured")} | {(value is { } x ? (met(x) ? "yes" : "**no**") : "–")} |");

    private static void Size(StringBuilder md, SizeResult r)
    {
        md.AppendLine($"## {r.Agents:N0} agents").AppendLine();
        md.AppendLine("| Measure | SacOperator | supervisord | ratio (SacOperator / supervisord) |").AppendLine("|---|---|---|---|");
        var s = r.Supervisord;
        Compare(md, "start all, median (s)", r.Cold?.AllStartedSeconds.Median, s?.StartAllSeconds.Median);
        Compare(md, "crash → restart p50 (ms)", r.CrashRestartMs?.Median, s?.CrashRestartMs.Median);
        Compare(md, "crash → restart p99 (ms)", r.CrashRestartMs?.P99, s?.CrashRestartMs.P99);
        Compare(md, "idle CPU (% of a core)", r.Idle?.CpuPercentOfOneCore, s?.Idle.CpuPercentOfOneCore);
        Compare(md, "RSS while idle (MB)", r.Idle?.RssMb, s?.Idle.RssMb);
        if (r.SupervisordSkipped is { } skipped)
        {
            md.AppendLine($"| supervisord | | {skipped} | |");
        }

        md.AppendLine($"| floor: bash starting them, no supervisor (s) | {F(r.FloorSeconds?.Median)} | | SacOperator / floor: {Ratio(r.Cold?.AllStartedSeconds.Median, r.FloorSeconds?.Median)} |");
        md.AppendLine();
        md.AppendLine("| SacOperator only | value |").AppendLine("|---|---|");
        md.AppendLine($"| cold start → all Running: median / p99 (s) | {F(r.Cold?.AllRunningSeconds.Median)} / {F(r.Cold?.AllRunningSeconds.P99)} |");
        md.AppendLine($"| cold start: peak RSS (MB), CPU (s) | {F(r.Cold?.PeakRssMb)}, {F(r.Cold?.CpuSeconds)} |");
        md.AppendLine($"| spec change → action p50 / p99 (ms) | {F(r.SpecChangeMs?.Median)} / {F(r.SpecChangeMs?.P99)} |");
        md.AppendLine($"| idle: state-DB rows written per minute | {F(r.Idle?.DbWritesPerMinute)} |");
        if (r.Churn is { } c)
        {
            md.AppendLine($"| churn: 10%/s for {c.Seconds:0} s: changes, converged per second | {c.ChangesIssued}, {c.ConvergedPerSecond:0} |");
            md.AppendLine($"| churn: backlog median / max, catch-up after (s) | {F(c.BacklogSamples.Median)} / {c.MaxBacklog}, " +
                (c.Unconverged == 0 ? $"{c.CatchUpSeconds:0.0} |" : $"{c.Unconverged} still behind after {c.CatchUpSeconds:0} s |"));
        }

        md.AppendLine($"| operator kill -9 and restart: all adopted (s), duplicates | {F(r.OperatorRestart?.AdoptAllSeconds)}, {r.OperatorRestart?.Duplicates} |");
        foreach (var note in r.Notes)
        {
            md.AppendLine($"| note | {note} |");
        }

        md.AppendLine();
    }

    private static void Compare(StringBuilder md, string label, double? ours, double? theirs) =>
        md.AppendLine($"| {label} | {F(ours)} | {F(theirs)} | {Ratio(ours, theirs)} |");

    private static string Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 && double.IsFinite(x / y) ? (x / y).ToString(x / y < 0.1 ? "0.0###" : "0.00", CultureInfo.InvariantCulture) : "–";

    private static string F(double? v) => v is { } x && double.IsFinite(x) ? x.ToString(x >= 100 ? "0" : "0.###", CultureInfo.InvariantCulture) : "–";
}
