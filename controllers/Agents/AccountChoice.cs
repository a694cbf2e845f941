using System.Security.Cryptography;
using System.Text;
using SacOperator.Model;

namespace SacOperator.Agents;

/// <summary>
/// Which account of its pool an agent starts on, as sac's boot picker chooses: never an Exhausted,
/// Expired or missing one; Available before Available-but-avoided (7-day window nearly used) before
/// Unknown (no fresh reading: usable, but never preferred); within the best tier a weighted
/// rendezvous hash of (agent, account) with the weight the quota left, so each agent keeps its
/// choice while nothing changes, most agents go where most quota is left, and a fleet spreads
/// instead of piling onto one account. An account that has just become Available again is taken
/// only after a per-agent stagger, so a thawing fleet does not hit the API in the same second.
/// Pure and deterministic.
/// </summary>
public static class AccountChoice
{
    /// <summary>Thawing agents start spread over this window after their account returns.</summary>
    public static readonly TimeSpan ThawWindow = TimeSpan.FromSeconds(20);

    /// <param name="Account">The account to start on, or null when none is usable.</param>
    /// <param name="NotBefore">When the stagger lets this agent start on it (null: now).</param>
    public sealed record Choice(AccountDependency? Account, DateTimeOffset? NotBefore);

    public static Choice Choose(string agent, IReadOnlyList<AccountDependency> pool, DateTimeOffset now, AccountDependency? except = null)
    {
        var best = pool
            .Where(a => Usable(a) && !ReferenceEquals(a, except) && a.Name != except?.Name)
            .Select((a, index) => (Account: a, Tier: Tier(a), Score: Score(agent, a), Index: index))
            .OrderBy(c => c.Tier)
            .ThenByDescending(c => c.Score)
            .ThenBy(c => c.Index)
            .Select(c => c.Account)
            .FirstOrDefault();
        if (best is null)
        {
            return new Choice(null, null);
        }

        var notBefore = best.AvailableSince is { } since ? since + Stagger(agent) : (DateTimeOffset?)null;
        return new Choice(best, notBefore > now ? notBefore : null);
    }

    /// <summary>Not Exhausted, Expired or missing: Available, Unknown, or not yet reported.</summary>
    public static bool Usable(AccountDependency account) => account.Phase is null or AccountPhases.Available or AccountPhases.Unknown;

    /// <summary>This agent's place in the thaw window: the same on every pass, spread across agents.</summary>
    public static TimeSpan Stagger(string agent) => ThawWindow * Unit(agent, "thaw");

    private static int Tier(AccountDependency a) => a.Phase switch
    {
        AccountPhases.Available when a.Reason == AccountPhases.SevenDayNearCap => 1,
        AccountPhases.Available => 0,
        _ => 2,
    };

    /// <summary>Weighted rendezvous score: weight / -ln(u), u uniform in (0, 1) from the pair.</summary>
    private static double Score(string agent, AccountDependency a)
    {
        var left = 100 - Math.Max(a.FiveHourUsedPercent ?? 0, a.SevenDayUsedPercent ?? 0);
        var weight = Math.Max(1, left);
        return weight / -Math.Log(Unit(agent, a.Name));
    }

    private static double Unit(string agent, string salt)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{agent}\n{salt}"));
        var bits = BitConverter.ToUInt64(hash, 0) >> 11;
        return (bits + 0.5) / (1UL << 53);
    }
}
