using SacOperator.Model;

namespace SacOperator.Agents;

/// <summary>
/// Restart delays. The first restart after a failure is immediate (as the kubelet does); from the
/// second consecutive failure on, <c>initial × multiplier^(n-2)</c>, capped at <c>max</c>. The
/// count resets when a run lasted <see cref="ResetAfter"/>.
/// </summary>
public static class Backoff
{
    public static readonly TimeSpan ResetAfter = TimeSpan.FromMinutes(10);

    /// <param name="consecutiveFailures">Failures in a row, including the one just seen (≥ 1).</param>
    public static TimeSpan Delay(BackoffSpec spec, int consecutiveFailures)
    {
        if (consecutiveFailures <= 1)
        {
            return TimeSpan.Zero;
        }

        var ms = spec.Initial.TotalMilliseconds * Math.Pow(spec.Multiplier, consecutiveFailures - 2);
        return ms >= spec.Max.TotalMilliseconds || double.IsInfinity(ms) ? spec.Max : TimeSpan.FromMilliseconds(ms);
    }
}
