using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Runtime;
using SacOperator.State;
using SacOperator.Stores;

namespace SacOperator.Agents;

public sealed partial class AgentReconciler
{
    private HealthVerdict Health(INode node, ResourceKey key, AgentSpec spec, AgentRecord record, AgentPaths paths, string runtime, StoredResource? desired)
    {
        ProbeSnapshot? probe = null;
        if (spec.Health.Enabled && spec.Health.Method is HealthMethods.Http or HealthMethods.Exec)
        {
            var runId = $"{record.Pid}@{record.StartTicks}";
            var launch = new AgentLaunch { Key = key, Spec = spec, Paths = paths, InstanceName = record.InstanceName, SpecDirectory = SpecDirectory(desired) };
            prober.Ensure(key, runId, spec.Health, token => ProbeAsync(spec.Health, node, runtime, launch, token));
            probe = prober.Get(key, runId);
        }
        else
        {
            prober.Stop(key);
        }

        return HealthEvaluator.Evaluate(spec.Health, record.StartedAt, time.GetUtcNow(), node.ReadHeartbeat(paths), probe);
    }

    private async Task<(bool Ok, string Message)> ProbeAsync(HealthSpec health, INode node, string runtime, AgentLaunch launch, CancellationToken token)
    {
        if (health.Method == HealthMethods.Http)
        {
            using var response = await http.GetAsync(health.Http!.ToUri(), HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return (code is >= 200 and < 300, $"GET {health.Http.Path} answered {code}");
        }

        var result = await node.ExecAsync(runtime, launch, health.Exec!.Command, health.Timeout, token).ConfigureAwait(false);
        return (result.Succeeded, result.Succeeded ? "exit 0" : $"exit {result.ExitCode}: {Redactor.Redact(result.Summary, launch.Spec)}");
    }
}
