using SacOperator.Model;

namespace SacOperator.Agents;

/// <summary>
/// Restart delays. The first restart after a failure is immediate (as the kubelet does); from the
/// second consecutive failure on, <c>initial × multiplier^(n-2)</c>, capped at <c>max</c>, never below
/// <see cref="Floor"/> and never NaN. The count resets when a run lasted <see cref="ResetAfter"/>.
/// </summary>
public static class Backoff
{
    public static readonly TimeSpan ResetAfter = TimeSpan.FromMinutes(10);

    /// <summary>
    /// No restart delay is shorter than this, whatever the spec says (validation rejects zero, but
    /// records and specs from elsewhere may still carry it): a zero delay turns a crashing agent
    /// into a fork loop that starves the operator and floods the state DB.
    /// </summary>
    public static readonly TimeSpan Floor = TimeSpan.FromSeconds(1);

    /// <param name="consecutiveFailures">Failures in a row, including the one just seen (≥ 1).</param>
    /// <param name="delayFirst">
    /// sac's rule for its own specs: the first restart already waits <c>initial</c> (then
    /// <c>initial × multiplier^(n-1)</c>); see decision 0014.
    /// </param>
    public static TimeSpan Delay(BackoffSpec spec, int consecutiveFailures, bool delayFirst = false)
    {
        if (delayFirst)
        {
            consecutiveFailures++;
        }

        if (consecutiveFailures <= 1)
        {
            return TimeSpan.Zero;
        }

        var initial = Math.Max(Floor.TotalMilliseconds, spec.Initial.TotalMilliseconds);
        var max = Math.Max(initial, spec.Max.TotalMilliseconds);
        var multiplier = double.IsFinite(spec.Multiplier) && spec.Multiplier >= 1 ? spec.Multiplier : 1;
        var ms = initial * Math.Pow(multiplier, consecutiveFailures - 2);
        return TimeSpan.FromMilliseconds(double.IsFinite(ms) ? Math.Clamp(ms, initial, max) : max);
    }
}
