namespace SacOperator.Kubernetes.Watching;

/// <summary>
/// Exponential delay between failed attempts with "equal jitter": each delay is drawn from
/// [½, 1½) of the exponential step, and never exceeds <c>max</c>, so operators that lost the API
/// server together do not come back together. The jitter source is injected so tests can pin it.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max, Func<double> jitter)
{
    private int _failures;

    public TimeSpan Next()
    {
        var step = initial * Math.Pow(2, Math.Min(_failures, 30));
        _failures++;
        var ceiling = max / 1.5;
        return (step < ceiling ? step : ceiling) * (0.5 + jitter());
    }

    public void Reset() => _failures = 0;
}
