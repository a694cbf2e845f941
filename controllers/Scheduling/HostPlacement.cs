using System.Globalization;
using SacOperator.Model;

namespace SacOperator.Scheduling;

/// <summary>
/// Directory-mode placement (pure): <c>spec.host</c> pins; otherwise an agent already placed
/// stays where it is while that Host exists (whatever its readiness or load: its process may run
/// there, and unknown never moves an agent; moving is <c>sacop drain</c>'s job); otherwise it goes
/// to a Ready, uncordoned host whose labels match <c>spec.hostSelector</c> and that has room in
/// all four dimensions (agent slots, CPUs, memory, GPUs). Among those, the one left with the most
/// free capacity (mean free fraction over its limited dimensions) wins; ties go by name.
/// </summary>
public static class HostPlacement
{
    public static PlacementDecision Choose(
        string? pinned, IReadOnlyDictionary<string, string>? selector, string? current, PlacementRequest request, IReadOnlyList<PlacementCandidate> hosts)
    {
        if (pinned is { Length: > 0 })
        {
            return new PlacementDecision(pinned, PlacementDecision.Pinned, $"spec.host names '{pinned}'");
        }

        if (current is { Length: > 0 } && hosts.Any(h => h.Name.Equals(current, StringComparison.OrdinalIgnoreCase)))
        {
            return new PlacementDecision(current, PlacementDecision.Kept, $"placed on '{current}' before; placement is never changed by load or readiness");
        }

        var rejections = new List<string>();
        PlacementCandidate? best = null;
        var bestScore = double.NegativeInfinity;
        foreach (var host in hosts.OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            if (Rejection(host, selector, request) is { } why)
            {
                rejections.Add($"{host.Name}: {why}");
                continue;
            }

            var score = FreeAfter(host, request);
            if (score > bestScore)
            {
                (best, bestScore) = (host, score);
            }
        }

        return best is null
            ? new PlacementDecision(null, PlacementDecision.Unschedulable,
                hosts.Count == 0 ? "no Host resources exist" : "no host fits: " + string.Join("; ", rejections))
            : new PlacementDecision(best.Name, PlacementDecision.Placed, $"most free capacity among {hosts.Count - rejections.Count} fitting host(s)");
    }

    private static string? Rejection(PlacementCandidate host, IReadOnlyDictionary<string, string>? selector, PlacementRequest request)
    {
        if (selector is not null && selector.FirstOrDefault(s => host.Labels.GetValueOrDefault(s.Key) != s.Value) is { Key: not null } missing)
        {
            return $"label {missing.Key}={missing.Value} not set";
        }

        if (!host.Ready)
        {
            return "not Ready";
        }

        if (host.Unschedulable)
        {
            return "cordoned";
        }

        foreach (var (resource, capacity, taken, wanted) in Dimensions(host, request))
        {
            if (capacity is { } limit && limit - taken < wanted)
            {
                return $"not enough {resource} ({Format(limit - taken)} free, {Format(wanted)} requested)";
            }
        }

        return null;
    }

    /// <summary>Mean over the limited dimensions of the fraction left free after placing; 1 when nothing is limited.</summary>
    private static double FreeAfter(PlacementCandidate host, PlacementRequest request)
    {
        var fractions = Dimensions(host, request)
            .Where(d => d.Capacity is > 0)
            .Select(d => (double)(d.Capacity!.Value - d.Taken - d.Wanted) / d.Capacity.Value)
            .ToList();
        return fractions.Count == 0 ? 1 : fractions.Average();
    }

    private static IEnumerable<(string Resource, long? Capacity, long Taken, long Wanted)> Dimensions(PlacementCandidate host, PlacementRequest request) =>
    [
        ("agent slots", host.Allocatable.Agents, host.Allocated.Agents ?? 0, 1),
        ("CPUs", host.Allocatable.Cpus, host.Allocated.Cpus ?? 0, request.Cpus),
        ("memory", host.Allocatable.Memory, host.Allocated.Memory ?? 0, request.Memory),
        ("GPUs", host.Allocatable.Gpus, host.Allocated.Gpus ?? 0, request.Gpus),
    ];

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
