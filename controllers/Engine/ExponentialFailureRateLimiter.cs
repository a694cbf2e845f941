namespace SacOperator.Engine;

/// <summary>Per-item exponential backoff: <c>baseDelay × 2^failures</c>, capped at <c>maxDelay</c>.</summary>
public sealed class ExponentialFailureRateLimiter<T>(TimeSpan baseDelay, TimeSpan maxDelay) : IRateLimiter<T>
    where T : notnull
{
    private readonly Dictionary<T, int> _failures = [];
    private readonly Lock _lock = new();

    public TimeSpan When(T item)
    {
        int exponent;
        lock (_lock)
        {
            _failures.TryGetValue(item, out exponent);
            _failures[item] = exponent + 1;
        }

        var delay = baseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        return delay >= maxDelay.TotalMilliseconds ? maxDelay : TimeSpan.FromMilliseconds(delay);
    }

    public void Forget(T item)
    {
        lock (_lock)
        {
            _failures.Remove(item);
        }
    }

    public int NumRequeues(T item)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(item);
        }
    }
}
