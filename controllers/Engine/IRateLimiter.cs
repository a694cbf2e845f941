namespace SacOperator.Engine;

/// <summary>Decides how long a failing item waits before it is retried (client-go <c>RateLimiter</c>).</summary>
public interface IRateLimiter<in T>
{
    /// <summary>Delay before the next retry of <paramref name="item"/>; records one more failure.</summary>
    TimeSpan When(T item);

    /// <summary>Clears the failure history of <paramref name="item"/> (after a success).</summary>
    void Forget(T item);

    int NumRequeues(T item);
}
