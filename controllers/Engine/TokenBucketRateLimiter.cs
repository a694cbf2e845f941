namespace SacOperator.Engine;

/// <summary>
/// Overall retry budget shared by all items: <c>ratePerSecond</c> tokens refill a bucket of
/// <c>burst</c>; each retry reserves one token and waits until it is available.
/// </summary>
public sealed class TokenBucketRateLimiter<T>(double ratePerSecond, int burst, TimeProvider time) : IRateLimiter<T>
{
    private readonly Lock _lock = new();
    private double _tokens = burst;
    private long _last = time.GetTimestamp();

    public TimeSpan When(T item)
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(burst, _tokens + (time.GetElapsedTime(_last, now).TotalSeconds * ratePerSecond));
            _last = now;
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / ratePerSecond);
        }
    }

    public void Forget(T item)
    {
    }

    public int NumRequeues(T item) => 0;
}
