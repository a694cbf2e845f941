using SacOperator.Agents;
using SacOperator.Model;
using SacOperator.State;

namespace SacOperator.Images;

/// <summary>
/// Decides, as a pure function, how the agents of an Image move onto its active version
/// (decision 0026). When the active version changes, every agent not on it is pinned to the version
/// it runs and waits (<c>manual</c>: until <c>sacop image rollout</c>); then at most
/// <c>maxUnavailable</c> agents at a time are moved, each counted updated once it has run the new
/// version Running and ready (a Claude Code agent: after a successful turn on it) for
/// <c>minReadySeconds</c>. An agent that crash-loops, fails, stalls, restarts again or is not
/// healthy within <c>progressDeadlineSeconds</c> stops the rollout and goes back to the version it
/// ran; the agents already moved stay, the others keep their version until the rollout is asked to
/// go on again or another version becomes active. Level-triggered: the previous status is the only
/// memory, so a restarted operator carries on where the last one stopped.
/// </summary>
public static class RolloutPlanner
{
    public static RolloutPlan Plan(RolloutInput i)
    {
        if (i.Active is not { } active)
        {
            return new RolloutPlan { Status = i.Previous };
        }

        var events = new List<RolloutEvent>();
        var agents = i.Agents.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var previous = i.Previous ?? new ImageRolloutStatus { Version = i.PreviousActive ?? active, Phase = RolloutPhases.Complete };
        var rollout = previous.Version != active
            ? Start(i, previous, active, events)
            : previous with { Agents = [.. previous.Agents.Where(e => agents.ContainsKey(e.Name))] };
        rollout = Resume(i, rollout, events);

        TimeSpan? requeue = null;
        if (rollout.Phase == RolloutPhases.Progressing)
        {
            (rollout, requeue) = Step(i, rollout, agents, events);
        }

        var total = i.Agents.Count;
        return new RolloutPlan
        {
            Status = rollout with
            {
                Total = total,
                Updated = total - rollout.Agents.Count,
                Moving = [.. rollout.Agents.Where(e => e.State == RolloutAgentStates.Moving).Select(e => e.Name)],
            },
            Events = events,
            RequeueAfter = requeue,
        };
    }

    /// <summary>Every agent not on <paramref name="active"/> keeps the version it runs (its pin, else the old target) and waits.</summary>
    private static ImageRolloutStatus Start(RolloutInput i, ImageRolloutStatus previous, string active, List<RolloutEvent> events)
    {
        var entries = new List<RolloutAgentStatus>();
        foreach (var agent in i.Agents.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            var runs = previous.Agents.FirstOrDefault(e => e.Name == agent.Name)?.Version ?? previous.Version;
            if (runs != active && !agent.Idle)
            {
                entries.Add(new RolloutAgentStatus { Name = agent.Name, Version = runs, From = runs, State = RolloutAgentStates.Pending });
            }
        }

        var from = string.Join(", ", entries.Select(e => e.Version).Distinct());
        var (phase, message) = entries.Count == 0
            ? (RolloutPhases.Complete, $"no running agent to move to {active}")
            : i.Spec.Mode == RolloutModes.Manual
                ? (RolloutPhases.Waiting, $"{entries.Count} agent(s) stay on {from} until sacop image rollout")
                : (RolloutPhases.Progressing, $"moving {entries.Count} agent(s) from {from} to {active}, {i.Spec.MaxUnavailable} at a time");
        events.Add(new RolloutEvent(EventTypes.Normal, phase == RolloutPhases.Waiting ? ImageReasons.RolloutWaiting : ImageReasons.RolloutStarted, message));
        return new ImageRolloutStatus { Version = active, Phase = phase, StartedAt = i.Now, ChangedAt = i.Now, Message = message, Agents = entries };
    }

    /// <summary><c>sacop image rollout</c> after the rollout last changed: a waiting one starts, a failed one retries its failed agents.</summary>
    private static ImageRolloutStatus Resume(RolloutInput i, ImageRolloutStatus rollout, List<RolloutEvent> events)
    {
        if (i.RequestedAt is not { } asked || asked <= (rollout.ChangedAt ?? rollout.StartedAt ?? DateTimeOffset.MinValue)
            || rollout.Phase is not (RolloutPhases.Waiting or RolloutPhases.Failed))
        {
            return rollout;
        }

        var message = rollout.Phase == RolloutPhases.Waiting ? $"rollout to {rollout.Version} asked for" : $"rollout to {rollout.Version} asked to go on after a failure";
        events.Add(new RolloutEvent(EventTypes.Normal, ImageReasons.RolloutResumed, message));
        return rollout with
        {
            Phase = RolloutPhases.Progressing,
            ChangedAt = i.Now,
            Message = message,
            Agents = [.. rollout.Agents.Select(e => e.State == RolloutAgentStates.Failed ? e with { State = RolloutAgentStates.Pending, Reason = null, Since = null } : e)],
        };
    }

    private static (ImageRolloutStatus Rollout, TimeSpan? Requeue) Step(
        RolloutInput i, ImageRolloutStatus rollout, Dictionary<string, RolloutAgent> agents, List<RolloutEvent> events)
    {
        var entries = new List<RolloutAgentStatus>();
        TimeSpan? requeue = null;
        var failures = new List<RolloutAgentStatus>();
        foreach (var entry in rollout.Agents)
        {
            var agent = agents[entry.Name];
            if (agent.Idle && entry.State is RolloutAgentStates.Pending or RolloutAgentStates.Moving)
            {
                continue; // nothing runs: its next start is on the new version
            }

            if (entry.State != RolloutAgentStates.Moving)
            {
                entries.Add(entry);
                continue;
            }

            var verdict = RolloutHealth.Judge(i.Spec, entry, agent, i.Now);
            if (verdict.Failure is { } reason)
            {
                var back = entry with { State = RolloutAgentStates.Failed, Version = entry.From ?? entry.Version, Since = i.Now, Reason = reason };
                failures.Add(back);
                entries.Add(back);
            }
            else if (verdict.WaitUntil is { } until)
            {
                entries.Add(entry);
                requeue = Earlier(requeue, until - i.Now);
            }
            else
            {
                events.Add(new RolloutEvent(EventTypes.Normal, ImageReasons.AgentUpdated,
                    $"agent {entry.Name} runs {entry.Version} and stayed healthy for {i.Spec.MinReadySeconds}s"));
            }
        }

        if (failures.Count > 0)
        {
            var failed = failures[0];
            var more = failures.Count > 1 ? $" (and {failures.Count - 1} more)" : "";
            var message = $"agent {failed.Name}{more} did not become healthy on {rollout.Version}: {failed.Reason}; it goes back to {failed.Version}, "
                + $"{entries.Count(e => e.State == RolloutAgentStates.Pending)} agent(s) not moved keep their version (sacop image rollout tries again)";
            events.Add(new RolloutEvent(EventTypes.Warning, ImageReasons.RolloutFailed, message));
            return (rollout with { Phase = RolloutPhases.Failed, ChangedAt = i.Now, Message = message, Agents = entries }, null);
        }

        var slots = Math.Max(1, i.Spec.MaxUnavailable) - entries.Count(e => e.State == RolloutAgentStates.Moving);
        for (var n = 0; n < entries.Count && slots > 0; n++)
        {
            if (entries[n].State == RolloutAgentStates.Pending)
            {
                entries[n] = entries[n] with
                {
                    State = RolloutAgentStates.Moving, From = entries[n].Version, Version = rollout.Version, Since = i.Now, RestartsAtMove = agents[entries[n].Name].Restarts,
                };
                events.Add(new RolloutEvent(EventTypes.Normal, ImageReasons.AgentMoving, $"moving agent {entries[n].Name} from {entries[n].From} to {rollout.Version}"));
                requeue = Earlier(requeue, TimeSpan.FromSeconds(i.Spec.ProgressDeadlineSeconds));
                slots--;
            }
        }

        if (entries.Count == 0)
        {
            var done = $"every agent runs {rollout.Version}";
            events.Add(new RolloutEvent(EventTypes.Normal, ImageReasons.RolloutComplete, done));
            return (rollout with { Phase = RolloutPhases.Complete, ChangedAt = i.Now, Message = done, Agents = [] }, null);
        }

        var moving = entries.Where(e => e.State == RolloutAgentStates.Moving).Select(e => e.Name).ToList();
        return (rollout with { Agents = entries, Message = $"moving {string.Join(", ", moving)} to {rollout.Version}" }, requeue);
    }

    private static TimeSpan Earlier(TimeSpan? a, TimeSpan b) => a is { } x && x < b ? x : b < TimeSpan.Zero ? TimeSpan.Zero : b;
}
