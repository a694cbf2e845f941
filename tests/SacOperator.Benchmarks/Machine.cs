using System.Runtime.InteropServices;

namespace SacOperator.Benchmarks;

/// <summary>What the numbers were measured on.</summary>
public sealed record Machine(string Cpu, int Cores, double MemoryGb, string Kernel, string Dotnet, string Os)
{
    public static Machine Describe()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return new Machine(cpu, Environment.ProcessorCount, Math.Round(long.Parse(memKb, System.Globalization.CultureInfo.InvariantCulture) / 1024.0 / 1024.0, 1),
            File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription);
    }
}
