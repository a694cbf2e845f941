namespace SacOperator.Engine;

/// <summary>The longest delay any of the inner limiters asks for.</summary>
public sealed class MaxOfRateLimiter<T>(params IRateLimiter<T>[] limiters) : IRateLimiter<T>
{
    public TimeSpan When(T item)
    {
        var delay = TimeSpan.Zero;
        foreach (var limiter in limiters)
        {
            var d = limiter.When(item);
            if (d > delay)
            {
                delay = d;
            }
        }

        return delay;
    }

    public void Forget(T item)
    {
        foreach (var limiter in limiters)
        {
            limiter.Forget(item);
        }
    }

    public int NumRequeues(T item) => limiters.Max(l => l.NumRequeues(item));
}
