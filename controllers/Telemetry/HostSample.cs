using SacOperator.Model;

namespace SacOperator.Telemetry;

/// <summary>What the host gauges report for one Host, as of its last probe.</summary>
/// <param name="Capacity">Allocatable resources (null fields are unlimited or unknown and not exported).</param>
/// <param name="Allocated">What the agents placed there take.</param>
public sealed record HostSample(bool Ready, int Agents, HostCapacity Capacity, HostCapacity Allocated);
