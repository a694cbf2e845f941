using System.Globalization;

namespace SacOperator.Benchmarks;

/// <summary>Command line of <c>make bench</c>.</summary>
public sealed record BenchOptions
{
    public required string Sacop { get; init; }

    public string OutputDirectory { get; init; } = "docs";

    public IReadOnlyList<int> Sizes { get; init; } = [100, 1000, 10000];

    /// <summary>Fresh cold starts per size (medians and p99 over these).</summary>
    public int Runs { get; init; } = 3;

    /// <summary>Latency samples per size (spec changes, crashes).</summary>
    public int Samples { get; init; } = 40;

    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan Churn { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Quiet time after a converge before idle cost is measured (tiered JIT, thread-pool trimming).</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(30);

    public bool SkipSupervisord { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }

            var flag = args[i][2..];
            values[flag] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        }

        var options = new BenchOptions
        {
            Sacop = values.GetValueOrDefault("sacop") ?? throw new ArgumentException("--sacop PATH is required (make bench passes ./bin/sacop)"),
        };
        return options with
        {
            OutputDirectory = values.GetValueOrDefault("out") ?? options.OutputDirectory,
            Sizes = values.TryGetValue("sizes", out var sizes) ? [.. sizes.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] : options.Sizes,
            Runs = values.TryGetValue("runs", out var runs) ? int.Parse(runs, CultureInfo.InvariantCulture) : options.Runs,
            Samples = values.TryGetValue("samples", out var samples) ? int.Parse(samples, CultureInfo.InvariantCulture) : options.Samples,
            Idle = values.TryGetValue("idle", out var idle) ? TimeSpan.FromSeconds(int.Parse(idle, CultureInfo.InvariantCulture)) : options.Idle,
            Churn = values.TryGetValue("churn", out var churn) ? TimeSpan.FromSeconds(int.Parse(churn, CultureInfo.InvariantCulture)) : options.Churn,
            Settle = values.TryGetValue("settle", out var settle) ? TimeSpan.FromSeconds(int.Parse(settle, CultureInfo.InvariantCulture)) : options.Settle,
            SkipSupervisord = values.ContainsKey("skip-supervisord"),
        };
    }
}
