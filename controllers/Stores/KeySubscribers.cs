using SacOperator.Model;

namespace SacOperator.Stores;

/// <summary>
/// Callbacks told which resource keys changed. Subscribing and unsubscribing swap an immutable
/// array, so notifying takes no lock and a callback may subscribe or unsubscribe others. A callback
/// that throws is reported through <see cref="Failed"/> and the others are still told: one broken
/// dependent must never fail the write that raised the change or starve its neighbours.
/// </summary>
public sealed class KeySubscribers
{
    private readonly Lock _lock = new();
    private Action<ResourceKey>[] _subscribers = [];

    /// <summary>Reports a callback that threw while being told of a key.</summary>
    public event Action<ResourceKey, Exception>? Failed;

    public IDisposable Subscribe(Action<ResourceKey> onChange)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers, onChange];
        }

        return new Unsubscriber(this, onChange);
    }

    public void Notify(IEnumerable<ResourceKey> keys)
    {
        var subscribers = Volatile.Read(ref _subscribers);
        if (subscribers.Length == 0)
        {
            return;
        }

        foreach (var key in keys)
        {
            foreach (var subscriber in subscribers)
            {
                try
                {
                    subscriber(key);
                }
                catch (Exception e)
                {
                    Failed?.Invoke(key, e);
                }
            }
        }
    }

    private void Remove(Action<ResourceKey> onChange)
    {
        lock (_lock)
        {
            // Only the first equal delegate: the same callback subscribed twice is told twice until both are disposed.
            var index = Array.IndexOf(_subscribers, onChange);
            if (index >= 0)
            {
                _subscribers = [.. _subscribers[..index], .. _subscribers[(index + 1)..]];
            }
        }
    }

    private sealed class Unsubscriber(KeySubscribers owner, Action<ResourceKey> onChange) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(onChange);
            }
        }
    }
}
