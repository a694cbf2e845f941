using SacOperator.Nodes;
using SacOperator.Processes;

namespace SacOperator.RemoteNodes;

/// <summary>One answer of <c>sacop node observe</c>, indexed; <see cref="Number"/> orders it against starts.</summary>
public sealed class RemoteSnapshot
{
    private readonly Dictionary<ProcessHandle, RemoteProcess> _byHandle;
    private readonly Dictionary<ProcessHandle, RemoteLiveness> _alive;

    public RemoteSnapshot(long number, DateTimeOffset at, RemoteObservation observation)
    {
        Number = number;
        At = at;
        Observation = observation;
        _byHandle = observation.Processes
            .GroupBy(p => new ProcessHandle(p.Pid, p.StartTicks))
            .ToDictionary(g => g.Key, g => g.First());
        _alive = observation.Alive
            .GroupBy(a => new ProcessHandle(a.Pid, a.StartTicks))
            .ToDictionary(g => g.Key, g => g.First());
        Processes = [.. observation.Processes.Select(p => new MarkedProcess(
            new ProcessHandle(p.Pid, p.StartTicks), p.ProcessGroup, p.Session,
            new LaunchMarker(observation.Home, p.Agent, p.LaunchId, p.SpecHash, p.Runtime)))];
        Heartbeats = observation.Heartbeats
            .GroupBy(h => h.Agent, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new HeartbeatReading(g.First().Timestamp, g.First().State), StringComparer.Ordinal);
    }

    /// <summary>The number of the request this answers (requests are numbered as they are sent).</summary>
    public long Number { get; }

    /// <summary>When the answer arrived.</summary>
    public DateTimeOffset At { get; }

    public RemoteObservation Observation { get; }

    public IReadOnlyList<MarkedProcess> Processes { get; }

    public IReadOnlyDictionary<string, HeartbeatReading> Heartbeats { get; }

    public RemoteProcess? Find(ProcessHandle handle) => _byHandle.GetValueOrDefault(handle);

    /// <summary>Whether the run is alive, and stopped, by its marker or by its identity; null when the answer says it is gone.</summary>
    public bool? Stopped(ProcessHandle handle) =>
        Find(handle) is { } marked ? marked.Stopped : _alive.TryGetValue(handle, out var alive) ? alive.Stopped : null;

    /// <summary>The session leaders of each agent (its runs), with whether each is stopped: a change re-enqueues the agent.</summary>
    public IReadOnlyDictionary<string, string> LeaderSignatures() => Observation.Processes
        .Where(p => p.Pid == p.Session)
        .GroupBy(p => p.Agent, StringComparer.Ordinal)
        .ToDictionary(
            g => g.Key,
            g => string.Join(',', g.OrderBy(p => p.Pid).Select(p => $"{p.Pid}@{p.StartTicks}{(p.Stopped ? "T" : "")}")),
            StringComparer.Ordinal);
}
