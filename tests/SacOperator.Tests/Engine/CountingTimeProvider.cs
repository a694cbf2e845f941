using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Engine;

/// <summary>Delegates to a <see cref="ManualTimeProvider"/> and counts the timers created through it.</summary>
internal sealed class CountingTimeProvider(ManualTimeProvider inner) : TimeProvider
{
    private int _timersCreated;

    public ManualTimeProvider Inner => inner;

    public int TimersCreated => Volatile.Read(ref _timersCreated);

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _timersCreated);
        return inner.CreateTimer(callback, state, dueTime, period);
    }
}
