using SacOperator.Model;

namespace SacOperator.Scheduling;

/// <summary>A Host as placement sees it: its labels, readiness, cordon, what it offers and what its agents take.</summary>
/// <param name="Allocatable">Null fields are unlimited.</param>
public sealed record PlacementCandidate(
    string Name, IReadOnlyDictionary<string, string> Labels, bool Ready, bool Unschedulable, HostCapacity Allocatable, HostCapacity Allocated);
