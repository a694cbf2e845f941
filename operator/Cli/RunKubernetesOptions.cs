using System.CommandLine;
using SacOperator.Kubernetes.Config;
using SacOperator.Operator.Hosting;
using SacOperator.Parsing;

namespace SacOperator.Operator.Cli;

/// <summary>
/// The Kubernetes options of <c>sacop run</c> (<c>--kubernetes</c>, <c>--kubeconfig</c>,
/// <c>--context</c>, <c>--namespace</c>, <c>--lease-namespace</c>, <c>--cluster-wide</c>), their
/// validation (the kubeconfig is resolved here, so a bad one fails before anything starts) and
/// their banner line.
/// </summary>
public sealed class RunKubernetesOptions
{
    private readonly Option<bool> _kubernetes = new("--kubernetes") { Description = "Kubernetes mode: Agents, Images, Hosts and Accounts are custom resources; status is written back to the API" };

    private readonly Option<string> _kubeconfig = new("--kubeconfig") { Description = "With --kubernetes: the kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or the pod's service account)" };

    private readonly Option<string> _context = new("--context") { Description = "With --kubernetes: the kubeconfig context to use (default: its current-context)" };

    private readonly Option<string> _namespace = new("--namespace") { Description = "With --kubernetes: watch only this namespace (default: all namespaces)" };

    private readonly Option<string> _leaseNamespace = new("--lease-namespace")
    {
        Description = "With --kubernetes: namespace of the host heartbeat and leader Leases",
        DefaultValueFactory = _ => KubernetesRunOptions.DefaultLeaseNamespace,
    };

    private readonly Option<bool> _clusterWide = new("--cluster-wide") { Description = "With --kubernetes: join the leader election for the cluster-wide controllers (placement; Image, Host, Account status); without --host, run only those" };

    public void AddTo(Command command)
    {
        command.Options.Add(_kubernetes);
        command.Options.Add(_kubeconfig);
        command.Options.Add(_context);
        command.Options.Add(_namespace);
        command.Options.Add(_leaseNamespace);
        command.Options.Add(_clusterWide);
    }

    /// <param name="hostGiven">Whether --host was given: without it, --cluster-wide runs no Agents.</param>
    /// <param name="dirsGiven">Whether --agents-dir was given, which Kubernetes mode refuses.</param>
    /// <exception cref="CliError">A usage error, or a kubeconfig that cannot be used.</exception>
    public OperatorOptions Apply(ParseResult result, OperatorOptions options, bool hostGiven, bool dirsGiven)
    {
        if (!result.GetValue(_kubernetes))
        {
            return options;
        }

        if (dirsGiven)
        {
            throw new CliError("--agents-dir does not apply with --kubernetes: desired state comes from the API", ExitCodes.Usage);
        }

        var clusterWide = result.GetValue(_clusterWide);
        var runAgents = hostGiven || !clusterWide;
        if (runAgents && NameRules.Check(options.HostName.ToLowerInvariant()) is { } problem)
        {
            throw new CliError($"--host '{options.HostName}' cannot name a Lease: it {problem}", ExitCodes.Usage);
        }

        KubernetesConnection connection;
        try
        {
            connection = KubeConfigLoader.Load(KubeEnvironment.FromProcess(), new KubeConfigSelection
            {
                Path = result.GetValue(_kubeconfig),
                Context = result.GetValue(_context),
            });
        }
        catch (KubeConfigException e)
        {
            throw new CliError(e.Message);
        }

        return options with
        {
            AgentsDirs = [],
            Kubernetes = new KubernetesRunOptions
            {
                Connection = connection,
                Namespace = result.GetValue(_namespace) is { Length: > 0 } watched ? watched : null,
                LeaseNamespace = result.GetValue(_leaseNamespace)!,
                RunAgents = runAgents,
                ClusterWide = clusterWide,
            },
        };
    }

    /// <summary>The banner's first line in Kubernetes mode.</summary>
    public static string Describe(KubernetesRunOptions options, string hostName)
    {
        var scope = options.Namespace is null ? "all namespaces" : $"namespace {options.Namespace}";
        var roles = new List<string>();
        if (options.RunAgents)
        {
            roles.Add($"running the Agents of host '{hostName}' (Lease {options.LeaseNamespace}/sacop-host-{hostName.ToLowerInvariant()})");
        }

        if (options.ClusterWide)
        {
            roles.Add($"cluster-wide controllers when elected (Lease {options.LeaseNamespace}/sacop-leader)");
        }

        return $"Kubernetes mode, {options.Connection.Server} ({options.Connection.Source}); watching {scope}; {string.Join("; ", roles)}";
    }
}
