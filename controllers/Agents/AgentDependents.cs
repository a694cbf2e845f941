using SacOperator.Engine;
using SacOperator.Model;
using SacOperator.Status;
using SacOperator.Stores;

namespace SacOperator.Agents;

/// <summary>
/// The sources that re-enqueue Agents when something they depend on changes, in its desired
/// state or in its status: an Image they name (<c>spec.image</c>), the Account they use
/// (<c>spec.account</c>, or one of the pool <c>spec.accounts</c>), the Host they are placed on (<c>spec.host</c>, else <c>status.host</c>).
/// Dependents are found in the current snapshot, in the changed resource's namespace.
/// </summary>
public static class AgentDependents
{
    /// <summary>Mapped sources for the Agent controller over <paramref name="store"/>.</summary>
    /// <param name="statusChanges">Where status changes of Images, Accounts and Hosts are raised (the writer of their controllers, or the store that watches them).</param>
    /// <param name="status">The Agent status writer, for the host placement chose.</param>
    public static IReadOnlyList<IEventSource> Sources(IResourceStore store, StatusChanges statusChanges, IStatusWriter status) =>
    [
        .. Both(store, statusChanges, ResourceKinds.Image, changed => Agents(store, changed, spec => spec.Image == changed.Name)),
        .. Both(store, statusChanges, ResourceKinds.Account, changed => Agents(store, changed, spec => AgentAccounts.Named(spec).Contains(changed.Name))),
        .. HostSources(store, statusChanges, status),
    ];

    /// <summary>Agents in <paramref name="host"/>'s namespace placed on it, by spec or, where the spec names none, by placement.</summary>
    public static IEnumerable<ResourceKey> OnHost(IResourceStore store, IStatusWriter status, ResourceKey host) =>
        store.Cache.Snapshot.OfKind(ResourceKinds.Agent)
            .Where(r => r.Key.Namespace == host.Namespace && r.Resource is Agent agent
                && string.Equals(agent.Spec.Host is { Length: > 0 } named ? named : (status.Current(r.Key) as AgentStatus)?.Host, host.Name, StringComparison.OrdinalIgnoreCase))
            .Select(r => r.Key)
            .ToList();

    /// <summary>Agents waiting for a Host that fits their <c>spec.hostSelector</c>: any Host change may make room.</summary>
    public static IEnumerable<ResourceKey> Unschedulable(IResourceStore store, IStatusWriter status, ResourceKey host) =>
        store.Cache.Snapshot.OfKind(ResourceKinds.Agent)
            .Where(r => r.Key.Namespace == host.Namespace && r.Resource is Agent { Spec.HostSelector: not null, Spec.Host: null or "" }
                && (status.Current(r.Key) as AgentStatus)?.Reason == AgentReasons.Unschedulable)
            .Select(r => r.Key)
            .ToList();

    private static IEnumerable<ResourceKey> Agents(IResourceStore store, ResourceKey changed, Func<AgentSpec, bool> dependsOn) =>
        store.Cache.Snapshot.OfKind(ResourceKinds.Agent)
            .Where(r => r.Key.Namespace == changed.Namespace && r.Resource is Agent agent && dependsOn(agent.Spec))
            .Select(r => r.Key)
            .ToList();

    private static IEnumerable<IEventSource> HostSources(IResourceStore store, StatusChanges statusChanges, IStatusWriter status)
    {
        var filter = new HostStatusFilter(store, status);
        Func<ResourceKey, IEnumerable<ResourceKey>> dependents = changed => [.. OnHost(store, status, changed), .. Unschedulable(store, status, changed)];
        return
        [
            new MappedSource(new StoreSource(store, ResourceKinds.Host), dependents),
            new MappedSource(new StatusSource(statusChanges, ResourceKinds.Host), changed => filter.Changed(changed) ? dependents(changed) : []),
        ];
    }

    private static IEnumerable<IEventSource> Both(IResourceStore store, StatusChanges statusChanges, string kind, Func<ResourceKey, IEnumerable<ResourceKey>> map) =>
    [
        new MappedSource(new StoreSource(store, kind), map),
        new MappedSource(new StatusSource(statusChanges, kind), map),
    ];
}
