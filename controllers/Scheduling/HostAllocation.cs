using SacOperator.Model;

namespace SacOperator.Scheduling;

/// <summary>
/// What the agents placed on a host take: one agent slot each, and one GPU for an agent that asks
/// for GPU access. Agents state no CPU or memory requests yet, so those are reported as zero taken.
/// </summary>
public static class HostAllocation
{
    public static HostCapacity Of(IEnumerable<AgentSpec> placed)
    {
        var specs = placed.ToList();
        return new HostCapacity
        {
            Agents = specs.Count,
            Cpus = 0,
            Memory = 0,
            Gpus = specs.Count(s => s.Gpu != GpuKinds.None),
        };
    }
}
