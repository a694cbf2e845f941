using SacOperator.Model;

namespace SacOperator.Hosts;

/// <summary>
/// A Host's status after one probe (pure). A Ready host stays Ready through fewer than
/// <c>missedProbes</c> failures in a row (the error is shown meanwhile); a host never seen Ready
/// turns NotReady at its first failure. Facts of the last successful probe are kept while it fails:
/// they are what placement last knew, and the condition says they are old.
/// </summary>
public static class HostStatusBuilder
{
    public static HostStatus Build(
        HostStatus? previous, HostSpec spec, HostProbeResult probe, IReadOnlyList<string> placedAgents, int missedProbes, long generation, DateTimeOffset now)
    {
        var wasReady = previous?.Conditions.Any(c => c.Type == AgentConditions.Ready && c.Status == ConditionStatus.True) ?? false;
        var missed = probe.Succeeded ? 0 : (previous?.MissedProbes ?? 0) + 1;
        var ready = probe.Succeeded || (wasReady && missed < missedProbes);
        var facts = probe.Facts;
        var reason = probe.Succeeded || ready ? HostReasons.Probed : probe.Reason!;
        var message = ready
            ? probe.Succeeded ? Summary(facts!) : $"last probe failed ({missed} of {missedProbes} allowed): {probe.Error}"
            : $"{missed} probe(s) failed in a row: {probe.Error}";
        var condition = Conditions.Next(previous?.Conditions, AgentConditions.Ready, ready ? ConditionStatus.True : ConditionStatus.False, reason, message, generation, now);
        var known = previous ?? new HostStatus();
        return known with
        {
            ObservedGeneration = generation,
            Phase = ready ? "Ready" : "NotReady",
            Reason = reason,
            Message = spec.Unschedulable ? "cordoned: no new agents are placed here; " + message : message,
            Conditions = [condition],
            ApptainerVersion = facts is null ? known.ApptainerVersion : facts.ApptainerVersion,
            Cpus = facts?.Cpus ?? known.Cpus,
            MemoryBytes = facts?.MemoryBytes ?? known.MemoryBytes,
            FreeMemoryBytes = facts?.AvailableMemoryBytes ?? known.FreeMemoryBytes,
            Gpus = facts is null ? known.Gpus : facts.Gpus,
            Load = facts?.Load ?? known.Load,
            RunningAgents = facts?.RunningAgents ?? known.RunningAgents,
            PlacedAgents = placedAgents,
            Allocatable = new HostCapacity
            {
                Agents = spec.Capacity.Agents,
                Cpus = spec.Capacity.Cpus ?? facts?.Cpus ?? known.Cpus,
                Memory = spec.Capacity.Memory ?? facts?.MemoryBytes ?? known.MemoryBytes,
                Gpus = spec.Capacity.Gpus ?? (facts is null ? known.Gpus : facts.Gpus),
            },
            LastProbeTime = now,
            LastProbeError = probe.Succeeded ? null : probe.Error,
            MissedProbes = missed,
        };
    }

    private static string Summary(HostFacts facts) =>
        $"{facts.Cpus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} CPUs, "
        + $"{(facts.MemoryBytes is { } memory ? $"{memory / (1024.0 * 1024 * 1024):0.#} GiB" : "? memory")}, "
        + $"{facts.Gpus ?? 0} GPUs, {(facts.ApptainerVersion is { } version ? version : "no apptainer")}";
}
