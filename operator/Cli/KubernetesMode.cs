using System.CommandLine;
using SacOperator.Kubernetes.Config;
using SacOperator.Operator.Hosting;
using SacOperator.Parsing;

namespace SacOperator.Operator.Cli;

/// <summary>The <c>--kubernetes</c> options of <c>sacop run</c>, turned into <see cref="KubernetesRunOptions"/>.</summary>
public static class KubernetesMode
{
    public static KubernetesRunOptions Options(
        ParseResult result,
        Option<string> host,
        Option<string> kubeconfig,
        Option<string> context,
        Option<string> ns,
        Option<string> leaseNamespace,
        Option<bool> clusterWide,
        Option<string[]> dirs)
    {
        if (result.GetValue(dirs) is { Length: > 0 })
        {
            throw new CliError("--agents-dir does not apply with --kubernetes: desired state comes from the API", ExitCodes.Usage);
        }

        var hostName = result.GetValue(host);
        var wide = result.GetValue(clusterWide);
        var runAgents = hostName is { Length: > 0 } || !wide;
        hostName = hostName is { Length: > 0 } ? hostName : RunCommand.ShortHostName();
        if (runAgents && NameRules.Check(hostName.ToLowerInvariant()) is { } problem)
        {
            throw new CliError($"--host '{hostName}' cannot name a Lease: it {problem}", ExitCodes.Usage);
        }

        KubernetesConnection connection;
        try
        {
            connection = KubeConfigLoader.Load(KubeEnvironment.FromProcess(), new KubeConfigSelection
            {
                Path = result.GetValue(kubeconfig),
                Context = result.GetValue(context),
            });
        }
        catch (KubeConfigException e)
        {
            throw new CliError(e.Message);
        }

        return new KubernetesRunOptions
        {
            Connection = connection,
            Namespace = result.GetValue(ns) is { Length: > 0 } watched ? watched : null,
            LeaseNamespace = result.GetValue(leaseNamespace)!,
            RunAgents = runAgents,
            ClusterWide = wide,
        };
    }

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

        return $"watching {scope}; {string.Join("; ", roles)}";
    }
}
