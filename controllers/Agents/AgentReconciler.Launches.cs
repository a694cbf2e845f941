using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.State;

namespace SacOperator.Agents;

public sealed partial class AgentReconciler
{
    /// <summary>
    /// Squares the record with the processes the machine shows for this agent (found by launch
    /// marker at start and by the stray sweep): adopts the agent's process when the record does not
    /// name it, and stops every other process of this agent. At most one process tree per agent.
    /// </summary>
    private AgentRecord? ResolveLaunches(INode node, ResourceKey key, Agent? agent, AgentRecord? record)
    {
        var found = node.TakeFound(key);
        if (found.Count == 0 && record is { Launching: true, Pid: null, LaunchId: { } pending })
        {
            // The pid of a spawn was never recorded (its record failed): look for that launch.
            found = node.LaunchMembers(pending);
        }

        if (found.Count == 0 && record is not { Launching: true })
        {
            // The common case, on every reconcile: nothing found apart from what the record names.
            return record;
        }

        var alive = record is { Pid: { } pid, StartTicks: { } ticks } && node.IsAlive(pid, ticks);
        var resolution = LaunchResolution.Resolve(record, alive, found);
        if (resolution.Strays.Count > 0)
        {
            var grace = agent?.Spec.TerminationGracePeriod ?? AgentPlanner.DefaultGrace;
            var pids = node.StopStrays(resolution.Strays, grace);
            if (pids.Count > 0)
            {
                var list = string.Join(", ", pids.Take(10)) + (pids.Count > 10 ? $" and {pids.Count - 10} more" : "");
                var message = $"stopping {pids.Count} process(es) of this agent that are not its current run (pids {list}): SIGTERM now, SIGKILL after {AgentPlanner.Describe(grace)}";
                events.Record(key, EventTypes.Warning, AgentReasons.StrayProcess, message);
                LogWarningEvent(logger, key.ToString(), AgentReasons.StrayProcess, message);
            }
        }

        if (resolution.Adopt is { } adopt)
        {
            var marker = adopt.Marker;
            var sameLaunch = record?.LaunchId == marker.LaunchId;
            record = (record ?? new AgentRecord
            {
                Key = key,
                InstanceName = AgentPaths.InstanceName(key),
                Runtime = marker.Runtime,
            }) with
            {
                Runtime = marker.Runtime,
                Pid = adopt.Handle.Pid,
                StartTicks = adopt.Handle.StartTicks,
                StartedAt = sameLaunch && record?.StartedAt is { } startedAt ? startedAt : time.GetUtcNow(),
                LaunchId = marker.LaunchId,
                Launching = false,
                Node = node.Name,
                SpecHash = marker.SpecHash.Length > 0 ? marker.SpecHash : record?.SpecHash,
                InstanceStarted = marker.Runtime == AgentRuntimes.Apptainer || record?.InstanceStarted == true,
                ExitPending = false,
                StopIntent = null,
                TermSentAt = null,
                KillSent = false,
                Frozen = false,
                NextStartAt = null,

                // Any process of this agent ran with the recorded session: it exists from now on.
                SessionStarted = record?.SessionId is not null,
            };
            records.Put(record);
        }
        else if (record is { Launching: true } && !alive)
        {
            // The launch never produced a process (or it is gone): nothing runs for it.
            record = record with { Launching = false };
            records.Put(record);
        }

        return record;
    }

    /// <summary>
    /// Processes the last run left behind. A cheap probe first (is the old process group or the
    /// agent's cgroup still populated?); only then the machine is scanned for that launch's marker.
    /// Cgroup members without the marker (descendants that replaced their environment) count too:
    /// the cgroup holds nothing but this agent's runs, and its current run is gone.
    /// </summary>
    private static IReadOnlyList<MarkedProcess> Leftovers(INode node, ResourceKey key, AgentRecord? record)
    {
        // Strays still dying count too: the next run must not start beside them (one process, and
        // one writer of the agent's session, at a time).
        var stopping = node.StoppingStrays(key);
        if (record?.LaunchId is not { } launch || (record.Pid ?? record.LastPid) is not { } group)
        {
            return stopping;
        }

        var left = node.Leftovers(key, launch, group, record.SpecHash ?? "", record.Runtime);
        return stopping.Count == 0 ? left : [.. left, .. stopping.Where(s => left.All(l => l.Handle != s.Handle))];
    }
}
