using SacOperator.Engine;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Parsing;
using SacOperator.Runtime;
using SacOperator.State;

namespace SacOperator.Agents;

/// <summary>
/// Agents known from durable traces rather than specs: records in the state DB, runtime
/// directories with an <c>instance.json</c>, processes carrying this home's launch marker, and
/// running <c>sac-*</c> Apptainer instances. On start
/// these are all reconciled, so agents whose spec vanished while the operator was down are stopped.
/// In Kubernetes mode (<see cref="AgentControllerOptions.Namespaced"/>) the layouts carry the
/// namespace; an instance name <c>sac-a-b-c</c> is ambiguous there, so it maps to the keys of
/// namespaces known from records and directories, or to every possible split when none matches.
/// </summary>
public sealed class AgentKeySource(StateStore state, AgentControllerOptions options, RuntimeRegistry runtimes, LaunchInventory inventory) : IKeySource
{
    public async Task<IEnumerable<ResourceKey>> InitialKeysAsync(string kind, CancellationToken cancellationToken)
    {
        if (kind != ResourceKinds.Agent)
        {
            return [];
        }

        var keys = new HashSet<ResourceKey>(state.ListAgents().Select(r => r.Key));
        keys.UnionWith(RuntimeDirectoryKeys());
        keys.UnionWith(inventory.InitialKeys);
        foreach (var runtime in runtimes.All)
        {
            try
            {
                foreach (var name in await runtime.ListInstancesAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (name.StartsWith("sac-", StringComparison.Ordinal))
                    {
                        keys.UnionWith(InstanceKeys(name["sac-".Length..], keys));
                    }
                }
            }
            catch (InvalidOperationException)
            {
                // apptainer unusable right now: agents with records are still covered.
            }
        }

        return keys;
    }

    private IEnumerable<ResourceKey> RuntimeDirectoryKeys()
    {
        var root = Path.Combine(options.OperatorHome, "runtime");
        if (!Directory.Exists(root))
        {
            yield break;
        }

        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            if (!options.Namespaced)
            {
                if (File.Exists(Path.Combine(dir, "instance.json")))
                {
                    yield return ResourceKey.Agent(Path.GetFileName(dir));
                }

                continue;
            }

            foreach (var agentDir in Directory.EnumerateDirectories(dir).Where(d => File.Exists(Path.Combine(d, "instance.json"))))
            {
                yield return ResourceKey.Agent(Path.GetFileName(agentDir), Path.GetFileName(dir));
            }
        }
    }

    /// <summary>The keys whose instance name is <c>sac-</c> + <paramref name="rest"/>.</summary>
    private IEnumerable<ResourceKey> InstanceKeys(string rest, IReadOnlySet<ResourceKey> known)
    {
        if (!options.Namespaced)
        {
            return [ResourceKey.Agent(rest)];
        }

        var splits = Enumerable.Range(1, Math.Max(0, rest.Length - 2))
            .Where(i => rest[i] == '-')
            .Select(i => ResourceKey.Agent(rest[(i + 1)..], rest[..i]))
            .Where(k => NameRules.Check(k.Name) is null && NameRules.Check(k.Namespace) is null)
            .ToList();
        var namespaces = known.Select(k => k.Namespace).ToHashSet(StringComparer.Ordinal);
        var matching = splits.Where(k => namespaces.Contains(k.Namespace)).ToList();
        return matching.Count > 0 ? matching : splits;
    }
}
