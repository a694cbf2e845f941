using SacOperator.Model;
using SacOperator.Stores;

namespace SacOperator.Status;

/// <summary>
/// Keys whose reported status changed, raised by the status writer that changed it (or by a store
/// that saw another process change it). A write that leaves the status as it was raises nothing,
/// so dependents are re-enqueued only when there is something new to see. Subscribers run on the
/// writer's thread and must only enqueue.
/// </summary>
public sealed class StatusChanges
{
    private readonly KeySubscribers _subscribers = new();

    /// <summary>Reports a subscriber that threw; the others are still told.</summary>
    public event Action<ResourceKey, Exception>? SubscriberFailed
    {
        add => _subscribers.Failed += value;
        remove => _subscribers.Failed -= value;
    }

    public IDisposable Subscribe(Action<ResourceKey> onChange) => _subscribers.Subscribe(onChange);

    /// <remarks>A failing subscriber does not fail the status write that raised it.</remarks>
    public void Raise(ResourceKey key) => _subscribers.Notify([key]);
}
