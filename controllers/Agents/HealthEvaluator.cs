using SacOperator.Model;
using SacOperator.Nodes;

namespace SacOperator.Agents;

/// <summary>
/// Health verdict of a running agent from its heartbeat or probe results (pure). Heartbeats
/// older than the current run are ignored, so a stale file from the previous run never
/// condemns a fresh process.
/// </summary>
public static class HealthEvaluator
{
    /// <summary>Clock slack between the agent's timestamp and the start time we recorded.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    public static HealthVerdict Evaluate(
        HealthSpec health,
        DateTimeOffset? startedAt,
        DateTimeOffset now,
        HeartbeatReading? heartbeat,
        ProbeSnapshot? probe)
    {
        var uptime = startedAt is { } s ? now - s : TimeSpan.MaxValue;
        var current = heartbeat is not null && (startedAt is null || heartbeat.Timestamp >= startedAt.Value - Slack) ? heartbeat : null;
        var age = current is null ? (TimeSpan?)null : now - current.Timestamp;
        if (!health.Enabled)
        {
            return HealthVerdict.Alive with { HeartbeatAge = age };
        }

        var tolerance = health.HeartbeatTolerance;
        var grace = uptime < health.EffectiveInitialDelay;
        switch (health.Method)
        {
            case HealthMethods.Heartbeat when current is null:
                return grace
                    ? new HealthVerdict(HealthState.Starting, "waiting for the first heartbeat")
                    : new HealthVerdict(HealthState.Wedged, $"no heartbeat within {AgentPlanner.Describe(health.EffectiveInitialDelay)} of start");
            case HealthMethods.Heartbeat or HealthMethods.Process when age > tolerance:
                return new HealthVerdict(HealthState.Wedged,
                    $"heartbeat is {AgentPlanner.Describe(age.Value)} old (limit {AgentPlanner.Describe(tolerance)})") { HeartbeatAge = age };
            case HealthMethods.Http or HealthMethods.Exec:
                return FromProbe(health, probe, grace) with { HeartbeatAge = age };
            default:
                return HealthVerdict.Alive with { HeartbeatAge = age };
        }
    }

    private static HealthVerdict FromProbe(HealthSpec health, ProbeSnapshot? probe, bool grace)
    {
        if (probe is null || probe.Probes == 0)
        {
            return new HealthVerdict(grace ? HealthState.Starting : HealthState.Unknown, "no probe result yet");
        }

        if (probe.ConsecutiveFailures == 0)
        {
            return HealthVerdict.Alive;
        }

        if (probe.ConsecutiveFailures >= health.FailureThreshold && !grace)
        {
            return new HealthVerdict(HealthState.Wedged,
                $"{health.Method} probe failed {probe.ConsecutiveFailures} times in a row: {probe.LastMessage}");
        }

        return probe.LastSuccess is null
            ? new HealthVerdict(HealthState.Starting, $"{health.Method} probe not passing yet: {probe.LastMessage}")
            : new HealthVerdict(HealthState.Alive, $"{health.Method} probe failing ({probe.ConsecutiveFailures}/{health.FailureThreshold}): {probe.LastMessage}");
    }
}
