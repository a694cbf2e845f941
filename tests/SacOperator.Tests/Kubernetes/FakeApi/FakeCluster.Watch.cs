using System.Globalization;
using System.Text.Json.Nodes;
using SacOperator.Kubernetes.Api;

namespace SacOperator.Tests.Kubernetes.FakeApi;

/// <summary>
/// Watches: events are kept in a history so a watch can resume from any resourceVersion not yet
/// compacted away; an older one gets 410 Expired (in the stream, or as the HTTP status when
/// <see cref="GoneAsHttpStatus"/> is set). Tests inject faults into open watches.
/// </summary>
public sealed partial class FakeCluster
{
    private readonly List<(long Revision, FakeResourceType Type, string Ns, string Name, string EventType, JsonObject Object)> _history = [];
    private readonly List<FakeWatch> _watches = [];
    private readonly List<(FakeResourceType Type, string Ns, string Name, Func<JsonObject?, bool> Predicate, TaskCompletionSource<JsonObject?> Done)> _waiters = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _watchWaiters = [];
    private long _compacted;

    /// <summary>
    /// Completes once at least <paramref name="count"/> watches are open (registered, so faults
    /// injected from now on reach them); a request seen in the log may not be registered yet.
    /// </summary>
    public Task WaitForOpenWatchesAsync(int count = 1)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_watches.Count >= count)
            {
                done.SetResult();
            }
            else
            {
                _watchWaiters.Add((count, done));
            }
        }

        return done.Task;
    }

    /// <summary>Completes when the object satisfies <paramref name="predicate"/> (null: it does not exist); checked now and on every change.</summary>
    public Task<JsonObject?> WaitAsync(FakeResourceType type, string ns, string name, Func<JsonObject?, bool> predicate)
    {
        var done = new TaskCompletionSource<JsonObject?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            var current = _objects.TryGetValue((type, ns, name), out var obj) ? (JsonObject)obj.DeepClone() : null;
            if (predicate(current))
            {
                done.SetResult(current);
            }
            else
            {
                _waiters.Add((type, ns, name, predicate, done));
            }
        }

        return done.Task;
    }

    /// <summary>Answer a watch from an expired version with HTTP 410 instead of an ERROR event.</summary>
    /// <remarks>Versions older than the revision at the last <see cref="Compact"/> have expired.</remarks>
    public bool GoneAsHttpStatus { get; set; }

    public int OpenWatches
    {
        get
        {
            lock (_lock)
            {
                return _watches.Count;
            }
        }
    }

    /// <summary>Registers a watch and queues what it must replay; throws 410 when the version expired and that is answered by status.</summary>
    public FakeWatch OpenWatch(FakeResourceType type, string? ns, string? name, string? resourceVersion, bool bookmarks)
    {
        var watch = new FakeWatch(type, ns, name, bookmarks);
        lock (_lock)
        {
            if (resourceVersion is { Length: > 0 } and not "0")
            {
                var from = long.Parse(resourceVersion, CultureInfo.InvariantCulture);
                if (from < _compacted)
                {
                    var message = $"too old resource version: {from} ({_compacted})";
                    if (GoneAsHttpStatus)
                    {
                        throw FakeApiException.Expired(message);
                    }

                    watch.Send(WatchEventTypes.Error, FakeApiException.Status(410, "Expired", message));
                    watch.Lines.Writer.TryComplete();
                    return watch;
                }

                foreach (var entry in _history.Where(h => h.Revision > from && watch.Matches(h.Type, h.Ns, h.Name)))
                {
                    watch.Send(entry.EventType, entry.Object);
                }
            }
            else
            {
                foreach (var ((objectType, objectNs, objectName), obj) in _objects.Where(o => watch.Matches(o.Key.Type, o.Key.Ns, o.Key.Name)))
                {
                    watch.Send(WatchEventTypes.Added, obj);
                }
            }

            _watches.Add(watch);
            foreach (var waiter in _watchWaiters.Where(w => _watches.Count >= w.Count).ToList())
            {
                _watchWaiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }

        return watch;
    }

    public bool IsCompacted(long revision)
    {
        lock (_lock)
        {
            return revision < _compacted;
        }
    }

    public void CloseWatch(FakeWatch watch)
    {
        lock (_lock)
        {
            _watches.Remove(watch);
        }
    }

    /// <summary>Every open watch gets a garbage line (then carries on).</summary>
    public void InjectBadLine(string line = "{\"type\":\"MODIFIED\",\"object\":{\"metadata\":")
    {
        lock (_lock)
        {
            foreach (var watch in _watches)
            {
                watch.Lines.Writer.TryWrite(line);
            }
        }
    }

    /// <summary>Every open watch that asked for bookmarks gets one at the current revision.</summary>
    public void SendBookmarks()
    {
        lock (_lock)
        {
            foreach (var watch in _watches.Where(w => w.Bookmarks))
            {
                watch.Send(WatchEventTypes.Bookmark, new JsonObject
                {
                    ["apiVersion"] = watch.Type.ApiVersion,
                    ["kind"] = watch.Type.Kind,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = _revision.ToString(CultureInfo.InvariantCulture) },
                });
            }
        }
    }

    /// <summary>
    /// Forgets history up to now, so resuming from an older version fails with 410; open watches
    /// get an ERROR 410 event and end, unless <paramref name="endWatches"/> is false.
    /// </summary>
    public void Compact(bool endWatches = true)
    {
        lock (_lock)
        {
            _compacted = _revision;
            _history.Clear();
            if (!endWatches)
            {
                return;
            }

            foreach (var watch in _watches)
            {
                watch.Send(WatchEventTypes.Error, FakeApiException.Status(410, "Expired", "The resourceVersion for the provided watch is too old."));
                watch.Lines.Writer.TryComplete();
            }

            _watches.Clear();
        }
    }

    /// <summary>Aborts every open watch connection mid-stream (the client sees a broken connection).</summary>
    public void DropWatches()
    {
        lock (_lock)
        {
            foreach (var watch in _watches)
            {
                watch.Drop();
            }

            _watches.Clear();
        }
    }

    /// <summary>Ends every open watch cleanly, as the server does when a watch's timeoutSeconds is up.</summary>
    public void EndWatches()
    {
        lock (_lock)
        {
            foreach (var watch in _watches)
            {
                watch.Lines.Writer.TryComplete();
            }

            _watches.Clear();
        }
    }

    /// <summary>Open watches stop delivering anything but stay connected.</summary>
    public void StallWatches()
    {
        lock (_lock)
        {
            foreach (var watch in _watches)
            {
                watch.Stalled = true;
            }
        }
    }

    private void Publish(FakeResourceType type, string ns, string name, string eventType, JsonObject obj)
    {
        _history.Add((_revision, type, ns, name, eventType, obj));
        foreach (var watch in _watches.Where(w => w.Matches(type, ns, name)))
        {
            watch.Send(eventType, obj);
        }

        var current = eventType == WatchEventTypes.Deleted ? null : obj;
        foreach (var waiter in _waiters.Where(w => w.Type == type && w.Ns == ns && w.Name == name && w.Predicate(current)).ToList())
        {
            _waiters.Remove(waiter);
            waiter.Done.TrySetResult((JsonObject?)current?.DeepClone());
        }
    }
}
