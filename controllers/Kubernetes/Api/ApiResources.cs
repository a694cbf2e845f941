using SacOperator.Model;

namespace SacOperator.Kubernetes.Api;

/// <summary>The resources SacOperator reads and writes.</summary>
public static class ApiResources
{
    public static readonly ApiResource Agents = Ours(ResourceKinds.Agent);
    public static readonly ApiResource Images = Ours(ResourceKinds.Image);
    public static readonly ApiResource Hosts = Ours(ResourceKinds.Host);
    public static readonly ApiResource Accounts = Ours(ResourceKinds.Account);

    public static readonly ApiResource Leases = new("coordination.k8s.io", "v1", "leases", "Lease");

    public static readonly ApiResource Events = new("events.k8s.io", "v1", "events", "Event");

    public static readonly IReadOnlyList<ApiResource> Custom = [Agents, Images, Hosts, Accounts];

    public static ApiResource ForKind(string kind) => kind switch
    {
        ResourceKinds.Agent => Agents,
        ResourceKinds.Image => Images,
        ResourceKinds.Host => Hosts,
        ResourceKinds.Account => Accounts,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a SacOperator kind"),
    };

    private static ApiResource Ours(string kind) => new(ResourceKinds.Group, ResourceKinds.Version, ResourceKinds.Plural(kind), kind);
}
