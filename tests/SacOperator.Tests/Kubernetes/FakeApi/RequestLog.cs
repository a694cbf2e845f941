namespace SacOperator.Tests.Kubernetes.FakeApi;

/// <summary>Every request the stand-in received, in order; tests await a matching one instead of sleeping.</summary>
public sealed class RequestLog
{
    private readonly List<FakeRequest> _requests = [];
    private readonly List<(Func<FakeRequest, bool> Match, int After, TaskCompletionSource<FakeRequest> Done)> _waiters = [];

    public IReadOnlyList<FakeRequest> All
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_requests)
            {
                return _requests.Count;
            }
        }
    }

    public void Add(FakeRequest request)
    {
        lock (_requests)
        {
            _requests.Add(request);
            foreach (var waiter in _waiters.Where(w => _requests.Count > w.After && w.Match(request)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(request);
            }
        }
    }

    /// <summary>The first request matching <paramref name="match"/> among those after the first <paramref name="after"/>.</summary>
    public Task<FakeRequest> WaitAsync(Func<FakeRequest, bool> match, int after = 0)
    {
        var done = new TaskCompletionSource<FakeRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_requests)
        {
            if (_requests.Skip(after).FirstOrDefault(match) is { } seen)
            {
                done.SetResult(seen);
                return done.Task;
            }

            _waiters.Add((match, after, done));
        }

        return done.Task;
    }
}
