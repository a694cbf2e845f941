namespace SacOperator.Engine;

public static class RateLimiters
{
    /// <summary>client-go's default controller limiter: max(5 ms → 1000 s per item, 10/s burst 100 overall).</summary>
    public static IRateLimiter<T> Default<T>(TimeProvider time)
        where T : notnull =>
        new MaxOfRateLimiter<T>(
            new ExponentialFailureRateLimiter<T>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)),
            new TokenBucketRateLimiter<T>(10, 100, time));
}
