using SacOperator.Model;

namespace SacOperator.Status;

/// <summary>
/// Keys whose reported status changed, raised by the status writer that changed it (or by a store
/// that saw another process change it). A write that leaves the status as it was raises nothing,
/// so dependents are re-enqueued only when there is something new to see. Subscribers run on the
/// writer's thread and must only enqueue.
/// </summary>
public sealed class StatusChanges
{
    private readonly Lock _lock = new();
    private Action<ResourceKey>[] _subscribers = [];

    /// <summary>Reports a subscriber that threw; the others are still told.</summary>
    public event Action<ResourceKey, Exception>? SubscriberFailed;

    public IDisposable Subscribe(Action<ResourceKey> onChange)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers, onChange];
        }

        return new Unsubscriber(this, onChange);
    }

    public void Raise(ResourceKey key)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber(key);
            }
            catch (Exception e)
            {
                // A failing subscriber must not fail the status write that raised it.
                SubscriberFailed?.Invoke(key, e);
            }
        }
    }

    private sealed class Unsubscriber(StatusChanges changes, Action<ResourceKey> onChange) : IDisposable
    {
        public void Dispose()
        {
            lock (changes._lock)
            {
                changes._subscribers = [.. changes._subscribers.Where(s => s != onChange)];
            }
        }
    }
}
