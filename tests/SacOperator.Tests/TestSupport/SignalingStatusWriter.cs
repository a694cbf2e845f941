using System.Collections.Concurrent;
using SacOperator.Model;
using SacOperator.Status;
using SacOperator.Stores;

namespace SacOperator.Tests.TestSupport;

/// <summary>Decorates the real status writer and completes waiters when a written status matches; tests await it.</summary>
public sealed class SignalingStatusWriter(IStatusWriter inner) : IStatusWriter
{
    private readonly ConcurrentDictionary<ResourceKey, ResourceStatus?> _latest = new();
    private readonly ConcurrentDictionary<ResourceKey, StoredResource?> _desired = new();
    private readonly List<(ResourceKey Key, Func<StoredResource?, bool> Predicate, TaskCompletionSource Done)> _desiredWaiters = [];
    private readonly List<(ResourceKey Key, Func<ResourceStatus?, bool> Predicate, TaskCompletionSource<ResourceStatus?> Done)> _waiters = [];

    public StatusChanges Changes => inner.Changes;

    public long GenerationOf(ResourceKey key, StoredResource? desired) => inner.GenerationOf(key, desired);

    public ResourceStatus? Current(ResourceKey key) => inner.Current(key);

    public async Task WriteAsync(ResourceKey key, StoredResource? desired, ResourceStatus status, CancellationToken cancellationToken)
    {
        await inner.WriteAsync(key, desired, status, cancellationToken);
        PublishDesired(key, desired);
        Publish(key, status);
    }

    public async Task DeleteAsync(ResourceKey key, StoredResource? desired, CancellationToken cancellationToken)
    {
        await inner.DeleteAsync(key, desired, cancellationToken);
        Publish(key, null);
    }

    public Task EnsureFinalizerAsync(StoredResource desired, CancellationToken cancellationToken) => inner.EnsureFinalizerAsync(desired, cancellationToken);

    /// <summary>Completes when the latest status of <paramref name="key"/> satisfies <paramref name="predicate"/> (null status = deleted).</summary>
    public Task<ResourceStatus?> WaitAsync(ResourceKey key, Func<ResourceStatus?, bool> predicate)
    {
        var done = new TaskCompletionSource<ResourceStatus?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (_latest.TryGetValue(key, out var current) && predicate(current))
            {
                done.SetResult(current);
                return done.Task;
            }

            _waiters.Add((key, predicate, done));
        }

        return done.Task;
    }

    public ResourceStatus? Latest(ResourceKey key) => _latest.GetValueOrDefault(key);

    /// <summary>Completes once a status was written for a desired state matching <paramref name="predicate"/> (the reconcile that saw it finished).</summary>
    public Task WaitForDesiredAsync(ResourceKey key, Func<StoredResource?, bool> predicate)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (_desired.TryGetValue(key, out var current) && predicate(current))
            {
                done.SetResult();
                return done.Task;
            }

            _desiredWaiters.Add((key, predicate, done));
        }

        return done.Task;
    }

    private void PublishDesired(ResourceKey key, StoredResource? desired)
    {
        lock (_waiters)
        {
            _desired[key] = desired;
            foreach (var waiter in _desiredWaiters.Where(w => w.Key == key && w.Predicate(desired)).ToList())
            {
                _desiredWaiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }

    private void Publish(ResourceKey key, ResourceStatus? status)
    {
        lock (_waiters)
        {
            _latest[key] = status;
            foreach (var waiter in _waiters.Where(w => w.Key == key && w.Predicate(status)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(status);
            }
        }
    }
}
