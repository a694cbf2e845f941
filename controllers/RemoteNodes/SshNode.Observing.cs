using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SacOperator.Hosts;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.Serialization;

namespace SacOperator.RemoteNodes;

public sealed partial class SshNode
{
    /// <summary>Leaders already handed to the reconciler (found) or started here: a new one elsewhere is found once.</summary>
    private readonly ConcurrentDictionary<ProcessHandle, byte> _known = new();
    private volatile RemoteSnapshot? _snapshot;
    private volatile NodeOutage? _outage;
    private IReadOnlyDictionary<string, string> _signatures = new Dictionary<string, string>();
    private readonly Lock _applying = new();
    private long _issued;

    /// <summary>The newest request whose answer (or silence) was applied: an older one arriving late changes nothing.</summary>
    private long _applied;

    /// <summary>
    /// One observation of the host. An answer replaces the last one and re-enqueues the agents
    /// whose runs changed (an exit is noticed here: its leader is no longer listed); no answer sets
    /// <see cref="Outage"/> and re-enqueues every agent seen here, which then reads as Unknown.
    /// </summary>
    public async Task ObserveOnceAsync(CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _issued);
        RemoteObservation observation;
        try
        {
            var watched = _watched.Keys.Select(h => new RemoteLiveness(h.Pid, h.StartTicks, Stopped: false)).ToList();
            var result = await CallAsync("observe", [], watched.Count == 0 ? null : ModelJson.Serialize(watched), cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new RemoteNodeException(HostReasons.ProbeFailed, $"'sacop node observe' failed on host '{Name}': {result.Summary}");
            }

            observation = Parse<RemoteObservation>(result.StandardOutput, "observe");
        }
        catch (RemoteNodeException e)
        {
            SetOutage(number, new NodeOutage(e.Reason, e.Message));
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SetOutage(number, new NodeOutage(HostReasons.ProbeFailed, $"observing host '{Name}' failed: {e.Message}"));
            return;
        }

        Apply(new RemoteSnapshot(number, time.GetUtcNow(), observation));
    }

    private void Apply(RemoteSnapshot snapshot)
    {
        lock (_applying)
        {
            if (snapshot.Number <= _applied)
            {
                return;
            }

            _applied = snapshot.Number;
            ApplyNewest(snapshot);
        }
    }

    private void ApplyNewest(RemoteSnapshot snapshot)
    {
        var first = _snapshot is null;
        var recovered = first || _outage is not null;
        if (recovered)
        {
            LogObserving(logger, Name, snapshot.Processes.Count(p => p.Handle.Pid == p.Session));
        }

        foreach (var agent in snapshot.Processes.GroupBy(p => p.Marker.Agent, StringComparer.Ordinal))
        {
            if (KeyOf(agent.Key) is not { } key)
            {
                continue;
            }

            var leaders = agent.Where(p => p.Handle.Pid == p.Session).ToList();
            if (first || leaders.Any(l => !_known.ContainsKey(l.Handle) && !_started.ContainsKey(l.Handle)))
            {
                _found[key] = [.. agent];
                foreach (var leader in leaders)
                {
                    _known.TryAdd(leader.Handle, 0);
                }
            }
        }

        var previous = _signatures;
        var previousSnapshot = _snapshot;
        var current = snapshot.LeaderSignatures();
        _snapshot = snapshot;
        _outage = null;
        _signatures = current;
        var changed = previous.Keys.Union(current.Keys, StringComparer.Ordinal)
            .Where(a => previous.GetValueOrDefault(a) != current.GetValueOrDefault(a))
            .Select(KeyOf).OfType<ResourceKey>();
        // A watched run that only its identity showed alive (no readable marker) changes outside the signatures.
        var watchedChanged = previousSnapshot is null ? [] : _watched
            .Where(w => previousSnapshot.Stopped(w.Key) != snapshot.Stopped(w.Key))
            .Select(w => w.Value);
        var keys = recovered ? [.. _interested.Keys, .. current.Keys.Select(KeyOf).OfType<ResourceKey>()] : changed.Concat(watchedChanged);
        foreach (var key in keys.Distinct())
        {
            enqueue(key);
        }
    }

    private void SetOutage(long number, NodeOutage outage)
    {
        bool wasObserving;
        lock (_applying)
        {
            if (number <= _applied)
            {
                return;
            }

            _applied = number;
            wasObserving = _outage is null && _snapshot is not null;
            _outage = outage;
        }

        if (wasObserving)
        {
            LogSilent(logger, Name, outage.Reason, outage.Message);
        }

        if (wasObserving)
        {
            foreach (var key in _interested.Keys)
            {
                enqueue(key);
            }
        }
    }

    private static ResourceKey? KeyOf(string agent)
    {
        try
        {
            return RemoteAgents.KeyOf(agent);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private T Parse<T>(string json, string verb)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, ModelJson.Options)
                ?? throw new JsonException("empty answer");
        }
        catch (JsonException e)
        {
            throw new RemoteNodeException(HostReasons.ProbeFailed, $"'sacop node {verb}' on host '{Name}' answered something unreadable: {e.Message}");
        }
    }

    [LoggerMessage(9101, LogLevel.Information, "host {Host}: observing its agents ({Runs} run(s) there)")]
    private static partial void LogObserving(ILogger logger, string host, int runs);

    [LoggerMessage(9102, LogLevel.Warning, "host {Host} does not answer ({Reason}: {Message}); its agents are Unknown and left alone until it does")]
    private static partial void LogSilent(ILogger logger, string host, string reason, string message);
}
