using SacOperator.Model;
using SacOperator.State;
using SacOperator.Status;
using SacOperator.Stores;

namespace SacOperator.Images;

/// <summary>
/// Reads, for the rollout planner, the agents that run an Image: from the store (spec), their
/// status (phase, readiness, restarts, session) and their records (which version the live process
/// was started from). Only agents on this host: the Image's versions and status are this host's
/// (decision 0022), and agents elsewhere do not follow its pins. Reads only.
/// </summary>
public static class RolloutObserver
{
    /// <param name="records">The agents' records; null when the state DB cannot be read (then no agent is known to run a version).</param>
    /// <param name="hostName">This host, as agents' <c>spec.host</c> and <c>status.host</c> name it.</param>
    public static IReadOnlyList<RolloutAgent> Read(ResourceKey image, ResourceSnapshot snapshot, IStatusWriter status, IReadOnlyList<AgentRecord>? records,
        IReadOnlyList<BuiltVersion> versions, string hostName)
    {
        var byIdentity = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var version in versions)
        {
            byIdentity[ArtifactIdentity.Of(version.Artifact)] = version.Version;
        }

        var running = (records ?? []).Where(r => r.Pid is not null && r.ImageDigest is not null).ToDictionary(r => r.Key, r => r.ImageDigest!);
        var restarts = (records ?? []).ToDictionary(r => r.Key, r => r.RestartCount);
        var result = new List<RolloutAgent>();
        foreach (var stored in snapshot.OfKind(ResourceKinds.Agent))
        {
            if (stored.Key.Namespace != image.Namespace || stored.Resource is not Agent { Spec: var spec } || !stored.IsValid
                || spec.Image != image.Name || spec.Runtime != AgentRuntimes.Apptainer)
            {
                continue;
            }

            var s = status.Current(stored.Key) as AgentStatus;
            if ((spec.Host is { Length: > 0 } named ? named : s?.Host) is { Length: > 0 } host
                && host is not ("local" or "localhost") && !string.Equals(host, hostName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var ready = s?.Conditions.FirstOrDefault(c => c.Type == AgentConditions.Ready);
            result.Add(new RolloutAgent
            {
                Name = stored.Key.Name,
                RunningVersion = running.TryGetValue(stored.Key, out var digest) ? byIdentity.GetValueOrDefault(digest) : null,
                Idle = spec.Suspend || spec.Stopped,
                ClaudeCode = spec.Command is not { Count: > 0 },
                Phase = s?.Phase,
                Reason = s?.Reason,
                Message = s?.Message,
                Ready = ready?.Status == ConditionStatus.True,
                ReadySince = ready?.LastTransitionTime,
                StartedAt = s?.StartedAt,
                // The record counts a restart as it starts; the status only at its next write, which a move must not wait for.
                Restarts = restarts.TryGetValue(stored.Key, out var counted) ? counted : s?.RestartCount ?? 0,
                LastTurnAt = s?.Session?.LastResultAt,
                LastTurnErrorAt = s?.Session?.LastErrorAt,
            });
        }

        return [.. result.OrderBy(a => a.Name, StringComparer.Ordinal)];
    }
}
