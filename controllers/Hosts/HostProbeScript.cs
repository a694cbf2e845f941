namespace SacOperator.Hosts;

/// <summary>
/// The probe run on a host: one POSIX sh script, one <c>key=value</c> line per fact, each fact
/// on its own so a missing tool (no apptainer, no GPU tools) leaves only that fact out. It reads
/// only <c>/proc</c> and runs version and listing commands: nothing is changed on the host.
/// </summary>
public static class HostProbeScript
{
    /// <remarks>
    /// Agents are counted by the launch marker (decision 0012) of any operator home: the distinct
    /// <c>home;agent</c> pairs over every readable <c>/proc/*/environ</c>, one grep for all processes.
    /// </remarks>
    public const string Body = """
        echo "reachable=1"
        echo "cpus=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null)"
        awk '/^MemTotal:/ { printf "memory=%.0f\n", $2 * 1024 } /^MemAvailable:/ { printf "memoryAvailable=%.0f\n", $2 * 1024 }' /proc/meminfo 2>/dev/null
        read load1 rest < /proc/loadavg 2>/dev/null && echo "load=$load1"
        if command -v apptainer >/dev/null 2>&1; then echo "apptainer=$(apptainer --version 2>/dev/null | head -n 1)"; fi
        if command -v nvidia-smi >/dev/null 2>&1; then echo "gpus.nvidia=$(nvidia-smi -L 2>/dev/null | grep -c '^GPU ')"; fi
        if command -v rocm-smi >/dev/null 2>&1; then echo "gpus.rocm=$(rocm-smi --showid 2>/dev/null | grep -c '^GPU\[')"; fi
        echo "agents=$(grep -a -o -h 'SAC_LAUNCH=v1;[^;]*;[^;]*' /proc/[0-9]*/environ 2>/dev/null | sort -u | wc -l)"
        """;

    /// <summary>The script with the Host's preamble first (its failures do not stop the probe).</summary>
    public static string With(string? preamble) =>
        preamble is { Length: > 0 } ? preamble.TrimEnd() + "\n" + Body : Body;
}
