using Microsoft.Extensions.Logging;
using SacOperator.Model;

namespace SacOperator.Stores;

/// <summary>The watcher half of <see cref="DirectoryStore"/>: events only schedule reads.</summary>
public sealed partial class DirectoryStore
{
    /// <summary>Watches <paramref name="root"/> (which exists); null when watching is off or impossible.</summary>
    private FileSystemWatcher? StartWatcher(string root)
    {
        if (_options.DisableWatcher)
        {
            return null;
        }

        try
        {
            var watcher = new FileSystemWatcher(root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                InternalBufferSize = 64 * 1024,
            };
            watcher.Created += (_, e) => OnPathEvent(e.FullPath);
            watcher.Changed += (_, e) => OnPathEvent(e.FullPath);
            watcher.Deleted += (_, e) =>
            {
                OnDeletion();
                OnPathEvent(e.FullPath);
            };
            watcher.Renamed += (_, e) =>
            {
                OnPathEvent(e.OldFullPath);
                OnPathEvent(e.FullPath);
            };
            watcher.Error += (_, e) => OnWatcherError(root, e.GetException());
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // Typically the per-user inotify instance limit; rescans keep the store correct, only slower.
            LogWatcherUnavailable(_logger, root, e.Message, _options.RescanPeriod.TotalSeconds);
            return null;
        }
    }

    private void OnPathEvent(string path)
    {
        if (OnHomeEvent(path))
        {
            return;
        }

        if (!SpecFile.IsCandidate(path))
        {
            if (Directory.Exists(path))
            {
                // A directory appeared or was renamed into place: its files came with it.
                RequestRescan();
            }
            else if (!File.Exists(path))
            {
                // Gone: a removed directory (even one with a dot in its name, proj.worker) or just an
                // editor's temp file. Only the loop thread knows which; it rescans only for the former.
                _vanished.Enqueue(path);
                Signal();
            }

            return;
        }

        if (IsHidden(path))
        {
            // The scan skips hidden files and directories (editor backups, Kubernetes' ..data); so must the watcher.
            return;
        }

        var due = _time.GetTimestamp() + (long)(_options.Debounce.TotalSeconds * _time.TimestampFrequency);
        lock (_pendingLock)
        {
            _pending[path] = due;
        }

        Signal();
    }

    /// <summary>True when a file or directory below the root <paramref name="path"/> is in is hidden (its name starts with a dot).</summary>
    private bool IsHidden(string path)
    {
        foreach (var root in _options.Roots)
        {
            var relative = Path.GetRelativePath(root, path);
            if (relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
            {
                continue;
            }

            return relative.Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.') && part != ".");
        }

        return false;
    }

    private void OnWatcherError(string root, Exception error)
    {
        _metrics.StoreSyncErrors.Add(1, new KeyValuePair<string, object?>("store", Name));
        LogWatcherError(_logger, root, error.Message);
        RequestRescan();
    }

    private void Signal()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private bool TakeRescanRequest()
    {
        var vanishedDirectory = false;
        while (_vanished.TryDequeue(out var path))
        {
            var prefix = path.EndsWith('/') ? path : path + "/";
            vanishedDirectory |= _fingerprints.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));
        }

        lock (_pendingLock)
        {
            var requested = _rescanRequested || vanishedDirectory;
            _rescanRequested = false;
            return requested;
        }
    }

    private DateTimeOffset? NextDue()
    {
        lock (_pendingLock)
        {
            if (_pending.Count == 0)
            {
                return null;
            }

            var due = _pending.Values.Min();
            return _time.GetUtcNow() + TimeSpan.FromSeconds((due - _time.GetTimestamp()) / (double)_time.TimestampFrequency);
        }
    }

    private void ProcessDuePaths(DateTimeOffset now)
    {
        List<string> due;
        var timestamp = _time.GetTimestamp();
        lock (_pendingLock)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            due = [.. _pending.Where(p => p.Value <= timestamp).Select(p => p.Key)];
            foreach (var path in due)
            {
                _pending.Remove(path);
            }
        }

        var touched = new HashSet<ResourceKey>();
        foreach (var path in due)
        {
            touched.UnionWith(Refresh(path, force: true));
        }

        Publish(touched);
    }

    [LoggerMessage(2010, LogLevel.Warning, "File watcher unavailable for {Root} ({Reason}); relying on rescans every {Seconds}s")]
    private static partial void LogWatcherUnavailable(ILogger logger, string root, string reason, double seconds);

    [LoggerMessage(2011, LogLevel.Warning, "File watcher error under {Root} ({Reason}); rescanning")]
    private static partial void LogWatcherError(ILogger logger, string root, string reason);
}
