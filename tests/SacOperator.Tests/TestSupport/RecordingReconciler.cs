using SacOperator.Engine;
using SacOperator.Model;
using SacOperator.Stores;

namespace SacOperator.Tests.TestSupport;

/// <summary>Records every reconcile (key, attempt, concurrency) and lets tests await the n-th reconcile of a key.</summary>
public sealed class RecordingReconciler(IResourceStore store) : IReconciler
{
    public const string BarrierPrefix = "barrier-";

    private readonly Lock _lock = new();
    private readonly List<ResourceKey> _calls = [];
    private readonly Dictionary<ResourceKey, int> _counts = [];
    private readonly Dictionary<ResourceKey, int> _active = [];
    private readonly List<(ResourceKey Key, int Count, TaskCompletionSource Signal)> _waiters = [];
    private int _maxConcurrentPerKey;
    private bool _reconciledBeforeSync;

    /// <summary>Result of the attempt (1-based) for a key; may throw.</summary>
    public Func<ResourceKey, int, ReconcileResult> Behaviour { get; set; } = (_, _) => ReconcileResult.Done;

    /// <summary>Awaited (with the reconcile's token) before the behaviour runs.</summary>
    public Func<ResourceKey, int, Task> Gate { get; set; } = (_, _) => Task.CompletedTask;

    public Action? OnCancelled { get; set; }

    public IReadOnlyList<ResourceKey> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<ResourceKey> CallsExceptBarriers =>
        [.. Calls.Where(k => !k.Name.StartsWith(BarrierPrefix, StringComparison.Ordinal))];

    public bool ReconciledBeforeSync
    {
        get
        {
            lock (_lock)
            {
                return _reconciledBeforeSync;
            }
        }
    }

    public int MaxConcurrentPerKey
    {
        get
        {
            lock (_lock)
            {
                return _maxConcurrentPerKey;
            }
        }
    }

    public int Count(ResourceKey key)
    {
        lock (_lock)
        {
            return _counts.GetValueOrDefault(key);
        }
    }

    /// <summary>Completes once <paramref name="key"/> has been reconciled <paramref name="count"/> times (the call has started).</summary>
    public Task WaitFor(ResourceKey key, int count)
    {
        lock (_lock)
        {
            if (_counts.GetValueOrDefault(key) >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((key, count, signal));
            return signal.Task;
        }
    }

    public async Task<ReconcileResult> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        int attempt;
        lock (_lock)
        {
            _reconciledBeforeSync |= !store.HasSynced;
            _calls.Add(key);
            attempt = _counts[key] = _counts.GetValueOrDefault(key) + 1;
            var active = _active[key] = _active.GetValueOrDefault(key) + 1;
            _maxConcurrentPerKey = Math.Max(_maxConcurrentPerKey, active);
            foreach (var waiter in _waiters.Where(w => w.Key == key && w.Count <= attempt).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }

        try
        {
            try
            {
                await Gate(key, attempt).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                OnCancelled?.Invoke();
                throw;
            }

            return Behaviour(key, attempt);
        }
        finally
        {
            lock (_lock)
            {
                _active[key]--;
            }
        }
    }
}
