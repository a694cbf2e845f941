namespace SacOperator.Tests.TestSupport;

/// <summary>
/// Waits for a condition on state owned by another process (an operator under test, an agent),
/// which offers no signal to await. It re-checks every few milliseconds and fails with the last
/// observed value when the timeout passes; it is never a fixed sleep.
/// </summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<T> observe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TaskTimeouts.Default);
        T last = observe();
        while (!condition(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}; last observed: {Describe(last)}");
            }

            await Task.Delay(20).ConfigureAwait(false);
            last = observe();
        }

        return last;
    }

    /// <summary>As <see cref="Until{T}(Func{T}, Func{T, bool}, string, TimeSpan?)"/>, for observations that are themselves asynchronous (HTTP).</summary>
    public static async Task<T> Until<T>(Func<Task<T>> observe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TaskTimeouts.Default);
        T last = await observe().ConfigureAwait(false);
        while (!condition(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}; last observed: {Describe(last)}");
            }

            await Task.Delay(20).ConfigureAwait(false);
            last = await observe().ConfigureAwait(false);
        }

        return last;
    }

    public static Task Until(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Until(condition, ok => ok, what, timeout);

    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TaskTimeouts.Default);
        while (!await condition().ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Collections.IEnumerable e and not string => "[" + string.Join(", ", e.Cast<object?>()) + "]",
        _ => value.ToString() ?? "",
    };
}
