using SacOperator.Agents;
using SacOperator.Engine;
using SacOperator.Model;
using SacOperator.Scheduling;
using SacOperator.Status;
using SacOperator.Stores;
using SacOperator.Telemetry;

namespace SacOperator.Hosts;

/// <summary>
/// The Host controller: probes each Host on its interval (<c>spec.probeInterval</c>) over its
/// shared ssh connection and reports the Ready condition, the probed facts, allocatable capacity
/// and the agents placed there. It never touches agents: Agents follow their Host's status
/// (decision 0015: a NotReady host starts nothing, and leaves running agents alone).
/// </summary>
public sealed class HostReconciler(
    IResourceStore store, IStatusWriter status, HostProber prober, HostMetrics metrics, HostControllerOptions options, TimeProvider time) : IReconciler
{
    /// <summary>The last spec probed per Host, to close its ssh connection once it is gone.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ResourceKey, HostSpec> _probed = new();

    public async Task<ReconcileResult> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        var desired = store.Cache.Snapshot.Get(key);
        if (desired is null || desired.DeletionRequested)
        {
            metrics.Remove(key.Name);
            if (_probed.TryRemove(key, out var gone))
            {
                await prober.DisconnectAsync(gone, cancellationToken).ConfigureAwait(false);
            }

            await status.DeleteAsync(key, desired, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var generation = status.GenerationOf(key, desired);
        var previous = status.Current(key) as HostStatus;
        if (!desired.IsValid || desired.Resource is not Host host)
        {
            metrics.Remove(key.Name);
            await status.WriteAsync(key, desired,
                SpecValidity.Invalid(new HostStatus(), previous?.Conditions, desired.ErrorSummary, generation, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        _probed[key] = host.Spec;
        var probe = await prober.ProbeAsync(host.Spec, cancellationToken).ConfigureAwait(false);
        metrics.RecordProbe(key.Name, probe.Duration, probe.Succeeded);
        var placed = AgentDependents.OnHost(store, status, key)
            .Select(k => store.Cache.Snapshot.Get(k)?.Resource)
            .OfType<Agent>()
            .OrderBy(a => a.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        var built = HostStatusBuilder.Build(
            previous, host.Spec, probe, [.. placed.Select(a => a.Metadata.Name)], options.MissedProbes, generation, time.GetUtcNow());
        // Gauges first: whoever sees the new status may scrape at once.
        metrics.Set(key.Name, new HostSample(built.Phase == "Ready", placed.Count, built.Allocatable ?? new HostCapacity(), HostAllocation.Of(placed.Select(a => a.Spec))));
        await status.WriteAsync(key, desired, built, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.After(host.Spec.ProbeInterval);
    }
}
