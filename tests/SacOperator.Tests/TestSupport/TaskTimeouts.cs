namespace SacOperator.Tests.TestSupport;

public static class TaskTimeouts
{
    /// <summary>Generous: tests await signals, and only a broken build waits this long.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(20);

    /// <summary>
    /// For a phase reached by a separate <c>sacop run</c> process, observed through the CLI: on a
    /// loaded 2-core machine the operator alone took 5 s to start its controllers, and every
    /// <c>sacop get</c> is a process start of its own.
    /// </summary>
    public static readonly TimeSpan Operator = TimeSpan.FromSeconds(60);

    public static Task WithTimeout(this Task task, TimeSpan? timeout = null) => task.WaitAsync(timeout ?? Default);

    public static Task<T> WithTimeout<T>(this Task<T> task, TimeSpan? timeout = null) => task.WaitAsync(timeout ?? Default);
}
