using SacOperator.Kubernetes;
using SacOperator.Kubernetes.Config;

namespace SacOperator.Operator.Hosting;

/// <summary>Settings of <c>sacop run --kubernetes</c>: desired state and status live in the Kubernetes API.</summary>
public sealed record KubernetesRunOptions
{
    public const string DefaultLeaseNamespace = "sacoperator-system";

    /// <summary>Resolved by the CLI from --kubeconfig/--context, KUBECONFIG, ~/.kube/config or the pod.</summary>
    public required KubernetesConnection Connection { get; init; }

    /// <summary>Watch only this namespace; null watches all namespaces.</summary>
    public string? Namespace { get; init; }

    /// <summary>Where the heartbeat Leases and the leader Lease live.</summary>
    public string LeaseNamespace { get; init; } = DefaultLeaseNamespace;

    /// <summary>Run the Agents placed on <see cref="OperatorOptions.HostName"/> (the per-host role).</summary>
    public bool RunAgents { get; init; } = true;

    /// <summary>Join the election for the cluster-wide controllers (placement; Image, Host and Account status).</summary>
    public bool ClusterWide { get; init; }

    /// <summary>Unique per process: how this operator appears as a Lease holder.</summary>
    public string Identity { get; init; } = $"{Environment.MachineName}_{Environment.ProcessId}";

    /// <summary>Watch timing (tests shorten it); production uses the defaults.</summary>
    public KubernetesStoreOptions Watch { get; init; } = new();
}
