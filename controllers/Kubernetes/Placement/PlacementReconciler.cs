using Microsoft.Extensions.Logging;
using SacOperator.Agents;
using SacOperator.Engine;
using SacOperator.Model;
using SacOperator.State;
using SacOperator.Status;
using SacOperator.Stores;

namespace SacOperator.Kubernetes.Placement;

/// <summary>
/// The cluster-wide Agent controller (it runs on the elected leader only): it places each Agent
/// that names no host on a live host — one whose operator renews its heartbeat Lease — that is
/// not cordoned (<c>Host.spec.unschedulable</c>) and has room (<c>capacity.agents</c>), the least
/// loaded first, by writing <c>status.host</c>; that host's operator then runs it. Placement is
/// sticky: an Agent is never moved once placed (its process may still be running). Agents that
/// name no host and are invalid get their Invalid status here, as no host operator will see them.
/// </summary>
public sealed partial class PlacementReconciler(
    IResourceStore store,
    ObservedObjects objects,
    IStatusWriter status,
    IEventRecorder events,
    LiveHosts liveHosts,
    PlacementOptions options,
    TimeProvider time,
    ILogger<PlacementReconciler> logger) : IReconciler
{
    public const string Scheduled = "Scheduled";
    public const string Unschedulable = "Unschedulable";

    private readonly Dictionary<ResourceKey, string> _placed = [];

    public async Task<ReconcileResult> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        var desired = store.Cache.Snapshot.Get(key);
        var observed = objects.Get(key);
        if (desired is null || observed is null || desired.DeletionRequested || observed.AssignedHost is not null)
        {
            Forget(key);
            return ReconcileResult.Done;
        }

        var generation = status.GenerationOf(key, desired);
        if (!desired.IsValid)
        {
            await ReportAsync(key, desired, generation, AgentPhases.Invalid, AgentReasons.InvalidSpec, desired.ErrorSummary, null, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var host = await ChooseAsync(key, cancellationToken).ConfigureAwait(false);
        if (host is null)
        {
            var message = $"no host can take it: no live, schedulable host operator with room (heartbeat Leases sacop-host-* in {options.LeaseNamespace}); start one with 'sacop run --kubernetes --host NAME' or set spec.host";
            await ReportAsync(key, desired, generation, AgentPhases.Pending, Unschedulable, message, null, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.After(options.Retry);
        }

        lock (_placed)
        {
            _placed[key] = host;
        }

        await ReportAsync(key, desired, generation, AgentPhases.Pending, Scheduled, $"placed on host {host}", host, cancellationToken).ConfigureAwait(false);
        events.Record(key, EventTypes.Normal, Scheduled, $"placed on host {host}");
        LogPlaced(logger, key.ToString(), host);
        return ReconcileResult.Done;
    }

    private async Task<string?> ChooseAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        var snapshot = store.Cache.Snapshot;
        var load = objects.OfKind(ResourceKinds.Agent)
            .Where(o => o.Key != key && o.AssignedHost is not null)
            .GroupBy(o => o.AssignedHost!.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => g.Count());
        lock (_placed)
        {
            // Our own placements count until the watch shows them, so a burst does not overfill a host.
            foreach (var (agent, host) in _placed.Where(p => p.Key != key && objects.Get(p.Key)?.AssignedHost is null))
            {
                load[host] = load.GetValueOrDefault(host) + 1;
            }
        }

        var candidates = new List<(string Host, int Load)>();
        foreach (var host in await liveHosts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var resource = snapshot.OfKind(ResourceKinds.Host).Select(r => r.Resource).OfType<Host>()
                .FirstOrDefault(h => string.Equals(h.Metadata.Name, host, StringComparison.OrdinalIgnoreCase) && h.Metadata.Namespace == key.Namespace)
                ?? snapshot.OfKind(ResourceKinds.Host).Select(r => r.Resource).OfType<Host>()
                    .FirstOrDefault(h => string.Equals(h.Metadata.Name, host, StringComparison.OrdinalIgnoreCase));
            var count = load.GetValueOrDefault(host);
            if (resource?.Spec.Unschedulable == true || (resource?.Spec.Capacity.Agents is { } capacity && count >= capacity))
            {
                continue;
            }

            candidates.Add((host, count));
        }

        return candidates.OrderBy(c => c.Load).ThenBy(c => c.Host, StringComparer.Ordinal).Select(c => c.Host).FirstOrDefault();
    }

    private async Task ReportAsync(
        ResourceKey key, StoredResource desired, long generation, string phase, string reason, string message, string? host, CancellationToken cancellationToken)
    {
        var previous = status.Current(key) as AgentStatus;
        var now = time.GetUtcNow();
        var condition = Conditions.Next(previous?.Conditions, Scheduled, ConditionStatus.Of(host is not null), reason, message, generation, now);
        var report = new AgentStatus
        {
            ObservedGeneration = generation,
            Phase = phase,
            Reason = reason,
            Message = message,
            Host = host,
            Conditions = [condition],
            Source = desired.Source,
        };
        await status.WriteAsync(key, desired, report, cancellationToken).ConfigureAwait(false);
    }

    private void Forget(ResourceKey key)
    {
        lock (_placed)
        {
            _placed.Remove(key);
        }
    }

    [LoggerMessage(6080, LogLevel.Information, "{Key}: placed on host {Host}")]
    private static partial void LogPlaced(ILogger logger, string key, string host);
}
