using SacOperator.Engine;
using SacOperator.Model;
using SacOperator.Runtime;
using SacOperator.State;

namespace SacOperator.Agents;

/// <summary>
/// Agents known from durable traces rather than specs: records in the state DB, runtime
/// directories with an <c>instance.json</c>, and running <c>sac-*</c> Apptainer instances. On start
/// these are all reconciled, so agents whose spec vanished while the operator was down are stopped.
/// </summary>
public sealed class AgentKeySource(StateStore state, AgentControllerOptions options, RuntimeRegistry runtimes) : IKeySource
{
    public async Task<IEnumerable<ResourceKey>> InitialKeysAsync(string kind, CancellationToken cancellationToken)
    {
        if (kind != ResourceKinds.Agent)
        {
            return [];
        }

        var keys = new HashSet<ResourceKey>(state.ListAgents().Select(r => r.Key));
        var runtimeRoot = Path.Combine(options.OperatorHome, "runtime");
        if (Directory.Exists(runtimeRoot))
        {
            foreach (var dir in Directory.EnumerateDirectories(runtimeRoot))
            {
                if (File.Exists(Path.Combine(dir, "instance.json")))
                {
                    keys.Add(ResourceKey.Agent(Path.GetFileName(dir)));
                }
            }
        }

        foreach (var runtime in runtimes.All)
        {
            try
            {
                foreach (var name in await runtime.ListInstancesAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (name.StartsWith("sac-", StringComparison.Ordinal))
                    {
                        keys.Add(ResourceKey.Agent(name["sac-".Length..]));
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
}
