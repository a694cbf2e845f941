using System.Diagnostics.CodeAnalysis;

namespace SacOperator.Engine;

/// <summary>
/// A work queue with client-go semantics:
/// an item is queued at most once however often it is added ("dirty" set); an item being
/// processed is never handed to a second worker — adds during processing are remembered and the
/// item is re-queued by <see cref="Done"/>; <see cref="AddAfter"/> keeps the earliest due time;
/// <see cref="AddRateLimited"/> asks the rate limiter for the delay, <see cref="Forget"/> resets it.
/// Delayed items share one timer, so idle cost does not grow with the number of pending requeues.
/// </summary>
public sealed class WorkQueue<T> : IDisposable
    where T : notnull
{
    private readonly Lock _lock = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly Dictionary<T, long> _enqueuedAt = [];
    private readonly Dictionary<T, long> _waitingDue = [];
    private readonly PriorityQueue<T, long> _waiting = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly TimeProvider _time;
    private readonly IRateLimiter<T> _rateLimiter;
    private readonly IWorkQueueObserver? _observer;
    private readonly ITimer _timer;
    private long _timerDue = long.MaxValue;
    private bool _shuttingDown;

    public WorkQueue(string name, TimeProvider time, IRateLimiter<T> rateLimiter, IWorkQueueObserver? observer = null)
    {
        Name = name;
        _time = time;
        _rateLimiter = rateLimiter;
        _observer = observer;
        _timer = time.CreateTimer(_ => PromoteDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Name { get; }

    /// <summary>Items ready for a worker (not counting delayed or in-flight ones).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Items waiting for their <see cref="AddAfter"/> time.</summary>
    public int DelayedCount
    {
        get
        {
            lock (_lock)
            {
                return _waitingDue.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (_lock)
            {
                return _shuttingDown;
            }
        }
    }

    public void Add(T item)
    {
        lock (_lock)
        {
            if (_shuttingDown || !_dirty.Add(item))
            {
                return;
            }

            _observer?.Added(Name);
            if (_processing.Contains(item))
            {
                return;
            }

            Enqueue(item);
        }

        _available.Release();
    }

    public void AddAfter(T item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }

        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }

            var due = _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
            if (_waitingDue.TryGetValue(item, out var existing) && existing <= due)
            {
                return;
            }

            _waitingDue[item] = due;
            _waiting.Enqueue(item, due);
            ScheduleTimer(due);
        }
    }

    public void AddRateLimited(T item)
    {
        _observer?.Retried(Name);
        AddAfter(item, _rateLimiter.When(item));
    }

    public void Forget(T item) => _rateLimiter.Forget(item);

    public int NumRequeues(T item) => _rateLimiter.NumRequeues(item);

    /// <summary>Waits for the next item; false once the queue is shut down and drained.</summary>
    public async ValueTask<(bool Ok, T Item)> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                if (TryTake(out var item))
                {
                    return (true, item);
                }

                if (_shuttingDown)
                {
                    _available.Release();
                    return (false, default!);
                }
            }
        }
    }

    /// <summary>Marks processing of <paramref name="item"/> finished; re-queues it if it was added meanwhile.</summary>
    public void Done(T item)
    {
        lock (_lock)
        {
            _processing.Remove(item);
            if (!_dirty.Contains(item))
            {
                return;
            }

            Enqueue(item);
        }

        _available.Release();
    }

    public void ShutDown()
    {
        lock (_lock)
        {
            _shuttingDown = true;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        _available.Release();
    }

    public void Dispose()
    {
        ShutDown();
        _timer.Dispose();
        _available.Dispose();
    }

    private bool TryTake([MaybeNullWhen(false)] out T item)
    {
        if (!_queue.TryDequeue(out item))
        {
            return false;
        }

        _dirty.Remove(item);
        _processing.Add(item);
        if (_enqueuedAt.Remove(item, out var at))
        {
            _observer?.Started(Name, _time.GetElapsedTime(at));
        }

        return true;
    }

    private void Enqueue(T item)
    {
        _queue.Enqueue(item);
        _enqueuedAt[item] = _time.GetTimestamp();
    }

    private void PromoteDue()
    {
        List<T>? ready = null;
        lock (_lock)
        {
            _timerDue = long.MaxValue;
            var now = _time.GetTimestamp();
            while (_waiting.TryPeek(out var item, out var due))
            {
                if (!_waitingDue.TryGetValue(item, out var current) || current != due)
                {
                    _waiting.Dequeue(); // superseded by an earlier AddAfter
                    continue;
                }

                if (due > now)
                {
                    ScheduleTimer(due);
                    break;
                }

                _waiting.Dequeue();
                _waitingDue.Remove(item);
                (ready ??= []).Add(item);
            }
        }

        if (ready is not null)
        {
            foreach (var item in ready)
            {
                Add(item);
            }
        }
    }

    private void ScheduleTimer(long due)
    {
        if (due >= _timerDue)
        {
            return;
        }

        _timerDue = due;
        var delay = TimeSpan.FromSeconds(Math.Max(0, due - _time.GetTimestamp()) / (double)_time.TimestampFrequency);
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }
}
