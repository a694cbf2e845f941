using SacOperator.Model;

namespace SacOperator.Scheduling;

/// <summary>
/// What the agents placed on a host take: one agent slot each, the CPUs and memory of their
/// <c>spec.resources</c>, and one GPU for an agent that asks for GPU access.
/// </summary>
public static class HostAllocation
{
    /// <summary>What one agent asks of its host besides its slot.</summary>
    public static PlacementRequest Request(AgentSpec spec) =>
        new(spec.Resources?.Cpus ?? 0, spec.Resources?.Memory ?? 0, spec.Gpu == GpuKinds.None ? 0 : 1);

    public static HostCapacity Of(IEnumerable<AgentSpec> placed)
    {
        var specs = placed.ToList();
        return new HostCapacity
        {
            Agents = specs.Count,
            Cpus = specs.Sum(s => s.Resources?.Cpus ?? 0),
            Memory = specs.Sum(s => s.Resources?.Memory ?? 0),
            Gpus = specs.Count(s => s.Gpu != GpuKinds.None),
        };
    }
}
