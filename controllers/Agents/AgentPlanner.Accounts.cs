using SacOperator.Model;
using SacOperator.State;

namespace SacOperator.Agents;

/// <summary>
/// Decisions on the account an agent runs on (decision 0021). A start takes an account of its pool
/// (<see cref="AccountChoice"/>; a pinned account is a pool of one). A running agent whose account
/// becomes Exhausted or Expired moves to another usable account of its pool (stop, then a start on
/// the new credentials that resumes the same session), or, with none, is stopped and stays down as
/// <c>Frozen</c> — no restart burns against a dead account — until an account is usable again;
/// thawing agents are staggered. An Unknown account never stops anything. Which account a run uses
/// is the pool member whose credential identity the record holds, so no extra state is kept.
/// </summary>
public static partial class AgentPlanner
{
    /// <summary>Re-check of a frozen agent whose accounts give no time to wait for (their status changes re-enqueue it too).</summary>
    public static readonly TimeSpan FrozenRecheck = TimeSpan.FromMinutes(1);

    /// <summary>The accounts an agent may run on: its pool, or its pinned Account.</summary>
    public static IReadOnlyList<AccountDependency> Candidates(AgentDependencies d) =>
        d.Pool.Count > 0 ? d.Pool : d.Account is { } pinned ? [pinned] : [];

    /// <summary>The account the run recorded with <paramref name="credentialIdentity"/> uses, if it is still a candidate.</summary>
    public static AccountDependency? AccountInUse(AgentDependencies d, string? credentialIdentity) =>
        credentialIdentity is null ? null : Candidates(d).FirstOrDefault(a => a.CredentialIdentity == credentialIdentity);

    /// <summary>
    /// Before a start: the account to start on, or the plan that holds the start back (frozen,
    /// or staggered after a thaw). Agents without Account resources start as before.
    /// </summary>
    private static (AgentPlan? Held, AccountDependency? Account) PlanAccountForStart(AgentObservation o, AgentRecord record, List<PlannedEvent> events)
    {
        var candidates = Candidates(o.Dependencies);
        if (candidates.Count == 0)
        {
            return (null, null);
        }

        var choice = AccountChoice.Choose(o.Key.Name, candidates, o.Now);
        if (choice.Account is null)
        {
            var (reason, message, until) = FrozenBecause(candidates, o.Now);
            return (new AgentPlan
            {
                Record = record,
                Phase = AgentPhases.Frozen,
                Reason = reason,
                Message = $"{message}; the agent starts when an account is available",
                Ready = false,
                Events = events,
                RequeueAfter = until is { } t && t > o.Now && t - o.Now < FrozenRecheck ? t - o.Now + AccountChoice.Stagger(o.Key.Name) : FrozenRecheck,
            }, null);
        }

        if (choice.NotBefore is { } notBefore)
        {
            return (new AgentPlan
            {
                Record = record,
                Phase = AgentPhases.Frozen,
                Reason = AgentReasons.Thawing,
                Message = $"account {choice.Account.Name} is available again; starting at {Stamp(notBefore)} (staggered across the fleet)",
                Ready = false,
                Events = events,
                RequeueAfter = notBefore - o.Now,
            }, null);
        }

        if (record.LastExitIntent == StopIntents.AccountUnavailable)
        {
            events.Add(new PlannedEvent(EventTypes.Normal, AgentReasons.Thawed, $"account {choice.Account.Name} is usable; starting again (the session resumes)"));
        }

        return (null, choice.Account);
    }

    /// <summary>While running: move off an Exhausted or Expired account, or stop and freeze when no other is usable.</summary>
    private static AgentPlan? PlanAccountMove(AgentObservation o, AgentRecord record, AgentSpec spec, List<PlannedEvent> events)
    {
        var current = AccountInUse(o.Dependencies, record.CredentialIdentity) ?? o.Dependencies.Account;
        if (current?.Phase is not (AccountPhases.Exhausted or AccountPhases.Expired))
        {
            return null;
        }

        var why = $"{current.Name} is {current.Phase}" + (current.Message is { Length: > 0 } m ? $" ({m})" : "");
        if (o.TurnInFlight)
        {
            return Running(record, AgentPhases.Running, AgentReasons.Running,
                $"account {why}; moving when the current turn ends", ready: true, UnknownRetry, events);
        }

        var next = AccountChoice.Choose(o.Key.Name, Candidates(o.Dependencies), o.Now, except: current).Account;
        if (next is not null)
        {
            events.Add(new PlannedEvent(EventTypes.Normal, AgentReasons.AccountRotated,
                $"from account {current.Name} to {next.Name} because {why}; restarting on the new credentials, resuming the same session"));
            return Stop(o, record, spec, StopIntents.AccountRotation, AgentPhases.Restarting, AgentReasons.AccountRotated,
                $"moving from account {current.Name} to {next.Name}", events);
        }

        var (reason, message, _) = FrozenBecause(Candidates(o.Dependencies), o.Now);
        events.Add(new PlannedEvent(EventTypes.Warning, reason, $"{message}; stopping the agent until an account is available (its session resumes then)"));
        return Stop(o, record, spec, StopIntents.AccountUnavailable, AgentPhases.Frozen, reason, message, events);
    }

    /// <summary>Why nothing of the pool is usable, and the earliest time one is expected back.</summary>
    private static (string Reason, string Message, DateTimeOffset? Until) FrozenBecause(IReadOnlyList<AccountDependency> pool, DateTimeOffset now)
    {
        var reason = pool.All(a => a.Phase == AccountPhases.Expired) ? AgentReasons.CredentialsExpired : AgentReasons.QuotaExhausted;
        var until = pool.Select(a => a.AvailableAt).Where(t => t > now).Min();
        var parts = pool.Select(a => $"{a.Name} is {a.Phase ?? "unknown"}" + (a.AvailableAt is { } at && at > now ? $" until {Stamp(at)}" : ""));
        if (pool.Count == 1)
        {
            var only = pool[0];
            return (reason, $"account {parts.Single()}" + (only.Message is { Length: > 0 } m ? $" ({m})" : ""), until);
        }

        return (reason, $"no usable account: {string.Join(", ", parts)}" + (until is { } u ? $"; the first expected back at {Stamp(u)}" : ""), until);
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
