using SacOperator.Processes;
using SacOperator.State;

namespace SacOperator.Agents;

/// <summary>
/// Decides, as a pure function, which of the processes found for one agent is the agent and which
/// must be stopped. Processes are grouped by launch. A launch's leader is its oldest process that
/// leads its own session (agents are spawned with setsid; the rest inherited the marker). The agent
/// is, in order: the recorded live process; the recorded launch when its pid was never recorded
/// (the operator died between spawn and record); the newest launch with a leader when the record
/// knows no launch at all (a lost or rebuilt database). Everything else — other launches, and what
/// a finished run left behind — is stopped: at most one process tree per agent.
/// </summary>
public static class LaunchResolution
{
    public sealed record Result(MarkedProcess? Adopt, IReadOnlyList<MarkedProcess> Strays);

    /// <param name="recordAlive">The record's pid and start time name a live process.</param>
    public static Result Resolve(AgentRecord? record, bool recordAlive, IReadOnlyList<MarkedProcess> found)
    {
        if (found.Count == 0)
        {
            return new Result(null, []);
        }

        var launches = found.GroupBy(p => p.Marker.LaunchId).Select(g => new Launch(g.Key, [.. g])).ToList();
        Launch? keep;
        MarkedProcess? adopt = null;
        if (recordAlive)
        {
            keep = launches.FirstOrDefault(l => l.Members.Any(p => p.Handle.Pid == record!.Pid && p.Handle.StartTicks == record.StartTicks))
                ?? launches.FirstOrDefault(l => l.Id == record!.LaunchId);
        }
        else if (record?.LaunchId is { } recorded)
        {
            keep = record.Launching ? launches.FirstOrDefault(l => l.Id == recorded && l.Leader is not null) : null;
            adopt = keep?.Leader;
        }
        else
        {
            keep = launches.Where(l => l.Leader is not null).OrderByDescending(l => l.Leader!.Handle.StartTicks).FirstOrDefault();
            adopt = keep?.Leader;
        }

        var strays = launches.Where(l => !ReferenceEquals(l, keep)).SelectMany(l => l.Members).ToList();
        return new Result(adopt, strays);
    }

    private sealed record Launch(string Id, IReadOnlyList<MarkedProcess> Members)
    {
        public MarkedProcess? Leader { get; } = Members
            .Where(p => p.Handle.Pid == p.Session)
            .OrderBy(p => p.Handle.StartTicks)
            .ThenBy(p => p.Handle.Pid)
            .FirstOrDefault();
    }
}
