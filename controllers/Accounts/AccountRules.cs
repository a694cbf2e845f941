using System.Globalization;
using SacOperator.Model;

namespace SacOperator.Accounts;

/// <summary>
/// An account's phase as a pure function of what was read (no I/O, no clock). In order: expired or
/// refused credentials make it Expired; credentials that cannot be checked, a missing, unreadable or
/// stale reading make it Unknown (never Available); a window at its threshold, or a rate limit an
/// agent hit, make it Exhausted until the reset; otherwise Available. sac's thresholds: no new starts
/// at 5-hour ≥ 95 %; at 7-day ≥ 90 % the account is avoided (Available, chosen last) unless that
/// window resets within two hours, and exhausted at 100 %. A window whose reset time has passed
/// counts as unused until the next reading.
/// </summary>
public static class AccountRules
{
    /// <summary>A nearly used 7-day window that resets this soon is spent rather than avoided (sac).</summary>
    public static readonly TimeSpan SpendBeforeReset = TimeSpan.FromHours(2);

    /// <summary>How long a rate limit without a reset time counts.</summary>
    public static readonly TimeSpan RateLimitWithoutReset = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan MinimumRequeue = TimeSpan.FromSeconds(1);

    public static AccountVerdict Evaluate(AccountInputs i)
    {
        var credentials = Credentials(i);
        var quota = Quota(i);
        var (phase, reason, message, availableAt) = credentials.Status == ConditionStatus.False
            ? (AccountPhases.Expired, credentials.Reason, credentials.Message, (DateTimeOffset?)null)
            : credentials.Status == ConditionStatus.Unknown
                ? (AccountPhases.Unknown, credentials.Reason, credentials.Message, null)
                : (quota.Phase, quota.Reason, quota.Message, quota.AvailableAt);
        var reading = i.Quota?.Reading;
        var status = new AccountStatus
        {
            ObservedGeneration = i.Generation,
            Phase = phase,
            Reason = reason,
            Message = message,
            Conditions =
            [
                Conditions.Next(i.PreviousConditions, AccountPhases.CredentialsValid, credentials.Status, credentials.Reason, credentials.Message, i.Generation, i.Now),
                Conditions.Next(i.PreviousConditions, AccountPhases.QuotaAvailable, quota.Status, quota.Reason, quota.Message, i.Generation, i.Now),
            ],
            FiveHourUsedPercent = reading?.FiveHourPercent,
            SevenDayUsedPercent = reading?.SevenDayPercent,
            FiveHourResetsAt = reading?.FiveHourResetsAt,
            SevenDayResetsAt = reading?.SevenDayResetsAt,
            CredentialExpiresAt = i.CredentialExpiresAt,
            LastReadingTime = reading?.TakenAt,
            AvailableAt = availableAt,
            Agents = i.Agents,
        };
        return new AccountVerdict(status, Requeue(i, availableAt));
    }

    private static (string Status, string Reason, string Message) Credentials(AccountInputs i)
    {
        if (i.CredentialExpiresAt is { } expires && expires <= i.Now)
        {
            return (ConditionStatus.False, "CredentialsExpired", $"the OAuth credentials expired at {Time(expires, i.Now)}; renew them (claude /login, or sac accounts refresh)");
        }

        if (i.AuthenticationFailed is { } refused && (i.CredentialsWrittenAt is not { } written || written <= refused.At))
        {
            return (ConditionStatus.False, "AuthenticationFailed",
                $"agent {refused.Agent} was refused (authentication failed) at {Time(refused.At, i.Now)}; renewed credentials clear this");
        }

        if (i.CredentialProblem is { } problem)
        {
            return (ConditionStatus.Unknown, "CredentialsUnreadable", problem);
        }

        return (ConditionStatus.True, "Valid", i.CredentialExpiresAt is { } at ? $"the access token expires at {Time(at, i.Now)}" : "");
    }

    private static (string Phase, string Status, string Reason, string Message, DateTimeOffset? AvailableAt) Quota(AccountInputs i)
    {
        if (i.RateLimited is { } limited && (limited.ResetsAt ?? limited.At + RateLimitWithoutReset) is var lifts && lifts > i.Now)
        {
            return (AccountPhases.Exhausted, ConditionStatus.False, "RateLimited",
                $"agent {limited.Agent} hit the rate limit at {Time(limited.At, i.Now)}; it lifts at {Time(lifts, i.Now)}", lifts);
        }

        var spec = i.Spec.Quota;
        switch (spec.Source)
        {
            case QuotaSources.None:
                return (AccountPhases.Available, ConditionStatus.True, "NotMetered", "quota is not read (spec.quota.source is none)", null);
            case QuotaSources.Stream:
                return (AccountPhases.Unknown, ConditionStatus.Unknown, "WaitingForStreams", "waiting for agent streams to report this account's quota", null);
        }

        if (i.Quota is not { Reading: { } reading })
        {
            return (AccountPhases.Unknown, ConditionStatus.Unknown, "QuotaUnreadable", i.Quota?.Problem ?? "no quota reading yet", null);
        }

        if (i.Now - reading.TakenAt > spec.MaxAge)
        {
            return (AccountPhases.Unknown, ConditionStatus.Unknown, "QuotaStale",
                $"the last reading was taken at {Time(reading.TakenAt, i.Now)}, older than spec.quota.maxAge ({Span(spec.MaxAge)})", null);
        }

        var fiveHour = Current(reading.FiveHourPercent, reading.FiveHourResetsAt, i.Now);
        var sevenDay = Current(reading.SevenDayPercent, reading.SevenDayResetsAt, i.Now);
        var used = $"5h {Percent(fiveHour)}, 7d {Percent(sevenDay)}";
        if (fiveHour >= spec.FiveHourPercent)
        {
            return (AccountPhases.Exhausted, ConditionStatus.False, "FiveHourExhausted",
                $"{used}: the 5-hour window is at or above {Percent(spec.FiveHourPercent)}{Resets(reading.FiveHourResetsAt, i.Now)}", reading.FiveHourResetsAt);
        }

        if (sevenDay >= 100)
        {
            return (AccountPhases.Exhausted, ConditionStatus.False, "SevenDayExhausted",
                $"{used}: the 7-day window is used up{Resets(reading.SevenDayResetsAt, i.Now)}", reading.SevenDayResetsAt);
        }

        var resetsSoon = reading.SevenDayResetsAt is { } weekly && weekly - i.Now <= SpendBeforeReset;
        if (sevenDay >= spec.SevenDayPercent && !resetsSoon)
        {
            return (AccountPhases.Available, ConditionStatus.True, AccountPhases.SevenDayNearCap,
                $"{used}: the 7-day window is at or above {Percent(spec.SevenDayPercent)}; pools choose this account last{Resets(reading.SevenDayResetsAt, i.Now)}", null);
        }

        return (AccountPhases.Available, ConditionStatus.True, "QuotaAvailable", used, null);
    }

    /// <summary>Used percent now: a window whose reset has passed starts again from zero.</summary>
    private static double? Current(double? percent, DateTimeOffset? resetsAt, DateTimeOffset now) =>
        resetsAt is { } reset && reset <= now ? 0 : percent;

    private static TimeSpan Requeue(AccountInputs i, DateTimeOffset? availableAt)
    {
        var next = i.Spec.Quota.PollInterval;
        void Before(DateTimeOffset? at)
        {
            if (at is { } t && t > i.Now && t - i.Now < next)
            {
                next = t - i.Now;
            }
        }

        Before(availableAt);
        Before(i.CredentialExpiresAt);
        Before(i.Quota?.Reading is { } r ? r.TakenAt + i.Spec.Quota.MaxAge : null);
        return next < MinimumRequeue ? MinimumRequeue : next;
    }

    private static string Resets(DateTimeOffset? at, DateTimeOffset now) => at is { } t ? $"; resets at {Time(t, now)}" : "; reset time unknown";

    private static string Percent(double? value) => value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "?";

    internal static string Time(DateTimeOffset at, DateTimeOffset now)
    {
        var text = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return at > now ? $"{text} (in {Span(at - now)})" : text;
    }

    private static string Span(TimeSpan span) => span.TotalSeconds switch
    {
        < 120 => $"{Math.Ceiling(span.TotalSeconds):0}s",
        < 7200 => $"{Math.Ceiling(span.TotalMinutes):0}m",
        _ => $"{span.TotalHours:0.#}h",
    };
}
