using System.Globalization;
using System.Text.Json;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.State;
using SacOperator.Stores;

namespace SacOperator.Agents;

/// <remarks>
/// <c>pid</c> and <c>instance.json</c> in the runtime directory name the running process beside
/// the state DB, so a process whose row was never written is adopted rather than started twice.
/// </remarks>
public sealed partial class AgentReconciler
{
    private static void WriteInstanceFiles(AgentPaths paths, AgentRecord record)
    {
        PrivateFiles.WriteAllText(paths.Pid, record.Pid!.Value.ToString(CultureInfo.InvariantCulture) + "\n");
        PrivateFiles.WriteAllText(paths.Instance, JsonSerializer.Serialize(new InstanceFile(
            record.Pid.Value, record.StartTicks!.Value, record.StartedAt!.Value, record.SpecHash, record.InstanceName, record.Runtime)));
    }

    /// <summary>
    /// The DB row can be missing when the operator died between starting a process and recording
    /// it; the runtime dir's instance.json still names the process, so it is adopted, not duplicated.
    /// </summary>
    private AgentRecord? AdoptFromRuntimeDir(INode node, ResourceKey key, StoredResource? desired)
    {
        var paths = AgentPaths.For(options.OperatorHome, key);
        try
        {
            if (!File.Exists(paths.Instance)
                || JsonSerializer.Deserialize<InstanceFile>(File.ReadAllText(paths.Instance)) is not { } file
                || !node.IsAlive(file.Pid, file.StartTicks))
            {
                return null;
            }

            var record = new AgentRecord
            {
                Key = key,
                InstanceName = file.InstanceName,
                Runtime = file.Runtime,
                Pid = file.Pid,
                StartTicks = file.StartTicks,
                StartedAt = file.StartedAt,
                SpecHash = file.SpecHash,
                InstanceStarted = file.Runtime == AgentRuntimes.Apptainer,
                Node = node.Name,
            };
            records.Put(record);
            return record;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    private sealed record InstanceFile(int Pid, long StartTicks, DateTimeOffset StartedAt, string? SpecHash, string InstanceName, string Runtime);
}
