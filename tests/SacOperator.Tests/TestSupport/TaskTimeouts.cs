namespace SacOperator.Tests.TestSupport;

public static class TaskTimeouts
{
    /// <summary>Generous: tests await signals, and only a broken build waits this long.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(20);

    public static Task WithTimeout(this Task task, TimeSpan? timeout = null) => task.WaitAsync(timeout ?? Default);

    public static Task<T> WithTimeout<T>(this Task<T> task, TimeSpan? timeout = null) => task.WaitAsync(timeout ?? Default);
}
