using System.Collections.Concurrent;
using SacOperator.Model;
using SacOperator.Status;
using SacOperator.Stores;

namespace SacOperator.Agents;

/// <summary>
/// Passes a Host status change on to its Agents only when something they act on moved: the phase,
/// the Ready condition's status and reason, or the allocatable capacity. A probe refreshes the
/// Host's facts (time, load, free memory) every interval; re-enqueueing every agent of the host
/// each time would cost a reconcile per agent per probe for nothing.
/// </summary>
public sealed class HostStatusFilter(IResourceStore store, IStatusWriter status)
{
    private readonly ConcurrentDictionary<ResourceKey, string> _seen = new();

    public bool Changed(ResourceKey host)
    {
        var current = status.Current(host) ?? store.Cache.Snapshot.Get(host)?.Resource?.StatusObject;
        if (current is null)
        {
            return _seen.TryRemove(host, out _);
        }

        var ready = current.Conditions.FirstOrDefault(c => c.Type == AgentConditions.Ready);
        var fingerprint = $"{current.Phase}|{ready?.Status}|{ready?.Reason}|{(current as HostStatus)?.Allocatable}";
        var before = _seen.GetValueOrDefault(host);
        _seen[host] = fingerprint;
        return before != fingerprint;
    }
}
