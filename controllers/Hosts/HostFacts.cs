using System.Globalization;

namespace SacOperator.Hosts;

/// <summary>What one successful probe found on a host; a fact the host could not report is null.</summary>
public sealed record HostFacts
{
    public int? Cpus { get; init; }

    public long? MemoryBytes { get; init; }

    public long? AvailableMemoryBytes { get; init; }

    /// <summary>One-minute load average as the host printed it.</summary>
    public string? Load { get; init; }

    /// <summary><c>apptainer --version</c>, when apptainer is on the PATH the preamble leaves.</summary>
    public string? ApptainerVersion { get; init; }

    /// <summary>NVIDIA and ROCm GPUs together; null when neither tool exists.</summary>
    public int? Gpus { get; init; }

    /// <summary>Distinct agents with marked processes on the host.</summary>
    public int RunningAgents { get; init; }

    /// <summary>
    /// Reads the probe's output (<see cref="HostProbeScript"/>). Null when the output lacks the
    /// <c>reachable</c> line: whatever ran, it was not the probe to the end of its first line.
    /// Unknown keys and malformed values are ignored (a newer script, a tool printing oddly).
    /// </summary>
    public static HostFacts? Parse(string output)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[line[..equals]] = line[(equals + 1)..].Trim();
            }
        }

        if (values.GetValueOrDefault("reachable") != "1")
        {
            return null;
        }

        var nvidia = Int(values, "gpus.nvidia");
        var rocm = Int(values, "gpus.rocm");
        return new HostFacts
        {
            Cpus = Int(values, "cpus"),
            MemoryBytes = Long(values, "memory"),
            AvailableMemoryBytes = Long(values, "memoryAvailable"),
            Load = values.GetValueOrDefault("load") is { Length: > 0 } load ? load : null,
            ApptainerVersion = values.GetValueOrDefault("apptainer") is { Length: > 0 } version ? version : null,
            Gpus = nvidia is null && rocm is null ? null : (nvidia ?? 0) + (rocm ?? 0),
            RunningAgents = Int(values, "agents") ?? 0,
        };
    }

    private static int? Int(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static long? Long(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
