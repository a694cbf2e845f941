using SacOperator.Agents;
using SacOperator.Model;

namespace SacOperator.Images;

/// <summary>
/// Whether an agent being moved has proved the new version: healthy for <c>minReadySeconds</c>,
/// failed (and why), or not yet (until when to wait).
/// </summary>
public static class RolloutHealth
{
    /// <summary>Healthy when both are null.</summary>
    public sealed record Verdict(string? Failure, DateTimeOffset? WaitUntil);

    private static readonly Verdict Healthy = new(null, null);

    public static Verdict Judge(ImageRolloutSpec spec, RolloutAgentStatus entry, RolloutAgent agent, DateTimeOffset now)
    {
        var since = entry.Since ?? now;
        var what = agent.Message is { Length: > 0 } m ? $"{agent.Reason ?? agent.Phase}: {m}" : agent.Reason ?? agent.Phase ?? "no status";
        if (agent.Phase is AgentPhases.CrashLoopBackOff or AgentPhases.Failed or AgentPhases.Stopped)
        {
            return new Verdict(agent.Reason == agent.Phase ? what : $"{agent.Phase} ({what})", null);
        }

        // The move's own restart is the one allowed; another means the run on the new version ended.
        if (agent.Restarts > entry.RestartsAtMove + 1)
        {
            return new Verdict($"restarted on {entry.Version} ({what})", null);
        }

        var onTarget = agent.RunningVersion == entry.Version && agent.StartedAt >= since;
        if (onTarget && agent.Reason is AgentReasons.Stalled or AgentReasons.TurnFailed)
        {
            return new Verdict(what, null);
        }

        if (onTarget && agent.Phase == AgentPhases.Running && agent.Ready && HealthySince(agent) is { } healthy)
        {
            var ready = healthy.AddSeconds(spec.MinReadySeconds);
            return ready <= now ? Healthy : new Verdict(null, ready);
        }

        var deadline = since.AddSeconds(spec.ProgressDeadlineSeconds);
        return deadline <= now
            ? new Verdict($"not healthy within {spec.ProgressDeadlineSeconds}s ({(onTarget ? what : $"not running {entry.Version}; {what}")})", null)
            : new Verdict(null, deadline);
    }

    /// <summary>From when the run counts as healthy; for Claude Code, not before a turn on it succeeded (a failed turn's result carries its error time).</summary>
    private static DateTimeOffset? HealthySince(RolloutAgent agent)
    {
        var started = agent.StartedAt!.Value;
        var since = agent.ReadySince is { } ready && ready > started ? ready : started;
        if (!agent.ClaudeCode)
        {
            return since;
        }

        return agent.LastTurnAt is { } turn && turn >= started && (agent.LastTurnErrorAt is not { } error || error > turn)
            ? (turn > since ? turn : since)
            : null;
    }
}
