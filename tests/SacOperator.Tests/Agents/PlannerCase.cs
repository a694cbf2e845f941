using System.Text.Json;
using System.Text.Json.Nodes;
using SacOperator.Agents;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Parsing;
using SacOperator.Runtime;
using SacOperator.Serialization;
using SacOperator.State;
using SacOperator.Status;
using SacOperator.Stores;

namespace SacOperator.Tests.Agents;

/// <summary>
/// One golden planner case: <c>input.json</c> describes the observation (with <c>agent.yaml</c> as
/// the desired spec when present), <c>plan.json</c> the expected plan. In the record, the spec
/// hash <c>"current"</c> stands for the hash of the case's agent.yaml.
/// </summary>
public static class PlannerCase
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static AgentObservation Load(string directory)
    {
        var input = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "input.json")))!.AsObject();
        var key = ResourceKey.Agent("worker");
        StoredResource? desired = null;
        string? specHash = null;
        var specFile = Path.Combine(directory, "agent.yaml");
        if (File.Exists(specFile))
        {
            var parsed = ManifestReader.Read("agent.yaml", File.ReadAllText(specFile)).Resources.Single();
            desired = SpecFile.ToStored(parsed) with { Key = key };
            if (parsed.Resource is Agent agent)
            {
                specHash = SpecHashes.Process(agent.Spec);
            }
        }

        if (input["deletionRequested"]?.GetValue<bool>() == true && desired?.Resource is { } r)
        {
            desired = desired with { Resource = r with { Metadata = r.Metadata with { DeletionTimestamp = DateTimeOffset.UnixEpoch } } };
        }

        AgentRecord? record = null;
        if (input["record"] is JsonObject recordJson)
        {
            recordJson["key"] = JsonSerializer.SerializeToNode(key, ModelJson.Options);
            recordJson["instanceName"] ??= "sac-worker";
            recordJson["runtime"] ??= "local";
            if (recordJson["specHash"]?.GetValue<string>() == "current")
            {
                recordJson["specHash"] = specHash;
            }

            if (recordJson["gaveUpSpecHash"]?.GetValue<string>() == "current")
            {
                recordJson["gaveUpSpecHash"] = specHash;
            }

            record = recordJson.Deserialize<AgentRecord>(Options);
        }

        var process = input["process"]?.Deserialize<ProcessObservation>(Options) ?? ProcessObservation.NotStarted;
        var health = input["health"]?.Deserialize<HealthVerdict>(Options) ?? HealthVerdict.Alive;
        return new AgentObservation
        {
            Key = key,
            Now = input["now"]!.GetValue<DateTimeOffset>(),
            Desired = desired,
            Record = record,
            Process = process,
            Health = health,
            Runtime = input["runtimeUnavailable"]?.GetValue<string>() is { } problem ? new RuntimeCheck(false, problem) : RuntimeCheck.Ok,
            PlacedHere = (desired?.Resource as Agent)?.Spec.Host is null or "node1",
            HostName = "node1",
            SpecHash = specHash,
            RestartRequestedAt = input["restartRequestedAt"]?.GetValue<DateTimeOffset>(),
            RestartWantsNewSession = input["restartWantsNewSession"]?.GetValue<bool>() ?? false,
            StderrTail = input["stderrTail"]?.GetValue<string>(),
            InstanceName = "sac-worker",
            Dependencies = input["dependencies"]?.Deserialize<AgentDependencies>(Options) ?? AgentDependencies.None,
            TurnInFlight = input["turnInFlight"]?.GetValue<bool>() ?? false,
            Session = input["session"]?.Deserialize<SacOperator.Sessions.SessionState>(Options),
            NodeOutage = input["nodeOutage"]?.Deserialize<NodeOutage>(Options),
        };
    }

    public static string Render(AgentPlan plan)
    {
        var options = new JsonSerializerOptions(Options) { WriteIndented = true };
        return JsonSerializer.Serialize(plan, options) + "\n";
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(ModelJson.Options);
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        return options;
    }
}
