using Microsoft.Extensions.Logging;
using SacOperator.Model;
using SacOperator.Parsing;

namespace SacOperator.Stores;

/// <summary>
/// The roots half of <see cref="DirectoryStore"/>. A root that was there and is gone (an unmounted
/// NFS export, a checkout being replaced, <c>rm -rf</c>) is unknown, not empty: its resources are
/// kept, nothing is stopped, and the store reports not-synced until it returns. Roots are polled
/// (a <c>statx</c> each per <see cref="DirectoryStoreOptions.RootPollInterval"/>), so a root that
/// returns, or is replaced by another directory at the same path, is rescanned and watched again
/// at once rather than at the next rescan (its old watcher followed the old directory).
/// </summary>
public sealed partial class DirectoryStore
{
    /// <summary>Loop thread only.</summary>
    private readonly Dictionary<string, RootState> _roots = new(StringComparer.Ordinal);

    /// <summary>Problems of the tree logged so far (each is logged once, when it first appears).</summary>
    private readonly HashSet<string> _treeProblems = new(StringComparer.Ordinal);

    /// <summary>Why a root is out of sight (null when none is); read by readiness on other threads.</summary>
    private volatile string? _rootProblem;

    /// <summary>When the watcher last reported a deletion (<see cref="TimeProvider.GetTimestamp"/>); <see cref="long.MinValue"/> for never.</summary>
    private long _lastDeletion = long.MinValue;

    /// <summary>Looks at every root; returns true when one appeared, returned or was replaced (rescan now).</summary>
    private bool CheckRoots()
    {
        var rescan = false;
        foreach (var root in _options.Roots)
        {
            var state = State(root);
            if (!FileIdentity.TryOf(root, out var identity, out var isDirectory, out var problem) || !isDirectory)
            {
                MarkMissing(root, state, problem ?? "not a directory");
                continue;
            }

            if (state.Identity is null)
            {
                // Missing at start (then it was empty) and created since.
                rescan |= _synced.Task.IsCompleted;
            }
            else if (state.Missing is not null)
            {
                // Still not synced until the rescan that follows has listed it (Listed clears it).
                LogRootBack(_logger, root);
                rescan = true;
            }
            else if (state.Identity != identity)
            {
                LogRootReplaced(_logger, root);
                StopWatcher(state);
                rescan = true;
            }

            state.Identity = identity;
            if (state.Watcher is null && !state.WatcherFailed)
            {
                state.Watcher = StartWatcher(root);
                state.WatcherFailed = state.Watcher is null;
            }
        }

        UpdateRootProblem();
        return rescan;
    }

    /// <summary>Records whether <paramref name="root"/> could be listed; false when what is known of it must be kept as it is.</summary>
    private bool Listed(string root, SpecTreeListing listing)
    {
        var state = State(root);
        if (listing.RootProblem is null)
        {
            if (state.Missing is not null || state.Unreadable is not null)
            {
                state.Missing = null;
                state.Unreadable = null;
                UpdateRootProblem();
            }

            // Retried at each rescan: the inotify limit may have been the reason, and it is shared.
            if (state.Watcher is null && state.Missing is null)
            {
                state.Watcher = StartWatcher(root);
                state.WatcherFailed = state.Watcher is null;
            }

            return true;
        }

        if (state.Identity is null || state.Missing is not null)
        {
            return false;
        }

        if (!FileIdentity.TryOf(root, out _, out var isDirectory, out var problem) || !isDirectory)
        {
            // Gone since the roots were last looked at (rm -rf finishing): not an unreadable root.
            MarkMissing(root, state, problem ?? "not a directory");
            return false;
        }

        if (state.Unreadable != listing.RootProblem)
        {
            _metrics.StoreSyncErrors.Add(1, new KeyValuePair<string, object?>("store", Name));
            LogScanFailed(_logger, root, listing.RootProblem);
            state.Unreadable = listing.RootProblem;
            UpdateRootProblem();
        }

        return false;
    }

    private void MarkMissing(string root, RootState state, string problem)
    {
        if (state.Identity is null || state.Missing is not null)
        {
            return;
        }

        state.Missing = problem;
        StopWatcher(state);
        LogRootGone(_logger, root, problem, _fingerprints.Keys.Count(f => IsBelow(f, root)));
        UpdateRootProblem();
    }

    /// <summary>
    /// Forgets a file that is not there, unless that cannot be told from its root being out of
    /// sight: the root is gone or was replaced since it was listed, the file sits below an
    /// unreadable directory or a dangling link, or deletions are still coming in (<c>rm -rf</c>
    /// removes the files first and the root last), in which case it is looked at again later.
    /// </summary>
    private IReadOnlyCollection<ResourceKey> ForgetIfGone(string path)
    {
        var root = _options.Roots.FirstOrDefault(r => IsBelow(path, r));
        if (root is null)
        {
            return Forget(path);
        }

        var state = State(root);
        if (state.Missing is not null || state.Unreadable is not null || FileIdentity.Of(root) != state.Identity
            || _outOfSight.Any(p => p == path || IsBelow(path, p)) || IsDanglingLink(path))
        {
            return [];
        }

        var lastDeletion = Interlocked.Read(ref _lastDeletion);
        var settled = lastDeletion + (long)(_options.DeletionSettle.TotalSeconds * _time.TimestampFrequency);
        if (lastDeletion != long.MinValue && _time.GetTimestamp() < settled)
        {
            lock (_pendingLock)
            {
                _pending[path] = settled;
            }

            return [];
        }

        return Forget(path);
    }

    private void OnDeletion() => Interlocked.Exchange(ref _lastDeletion, _time.GetTimestamp());

    private static bool IsDanglingLink(string path)
    {
        var link = new FileInfo(path);
        return link.Exists && link.LinkTarget is not null;
    }

    private static bool IsBelow(string path, string directory)
    {
        var prefix = directory.EndsWith('/') ? directory : directory + "/";
        return path.Length > prefix.Length && path.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>Logs each problem of the tree itself (a symlink loop, a dangling link) once, when it first appears.</summary>
    private void ReportTreeProblems(List<Diagnostic> problems)
    {
        var current = problems.Select(p => $"{p.File}: {p.Message}").ToHashSet(StringComparer.Ordinal);
        foreach (var problem in current.Where(p => !_treeProblems.Contains(p)))
        {
            LogTreeProblem(_logger, problem);
        }

        _treeProblems.Clear();
        _treeProblems.UnionWith(current);
    }

    private RootState State(string root)
    {
        if (!_roots.TryGetValue(root, out var state))
        {
            _roots[root] = state = new RootState();
        }

        return state;
    }

    private void UpdateRootProblem()
    {
        var problems = _roots.Where(r => r.Value.Missing is not null || r.Value.Unreadable is not null).Select(r =>
            r.Value.Missing is not null
                ? $"watched directory {r.Key} is gone ({r.Value.Missing}); its last known specs are kept and nothing is stopped until it returns"
                : $"cannot list watched directory {r.Key} ({r.Value.Unreadable}); its last known specs are kept").ToList();
        _rootProblem = problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static void StopWatcher(RootState state)
    {
        state.Watcher?.Dispose();
        state.Watcher = null;
        state.WatcherFailed = false;
    }

    private sealed class RootState
    {
        /// <summary>Device, inode and birth time when last seen; null until the root first exists.</summary>
        public FileIdentity? Identity { get; set; }

        /// <summary>Why the root, seen before, is not there now.</summary>
        public string? Missing { get; set; }

        /// <summary>Why the root is there but cannot be listed.</summary>
        public string? Unreadable { get; set; }

        public FileSystemWatcher? Watcher { get; set; }

        /// <summary>The poll does not retry a watcher that failed to start (that is logged); the rescan does.</summary>
        public bool WatcherFailed { get; set; }
    }

    [LoggerMessage(2023, LogLevel.Warning, "In a watched directory: {Problem}")]
    private static partial void LogTreeProblem(ILogger logger, string problem);

    [LoggerMessage(2020, LogLevel.Warning, "Watched directory {Root} is gone ({Reason}); keeping the {Count} spec file(s) last seen there, stopping nothing, and not ready until it returns")]
    private static partial void LogRootGone(ILogger logger, string root, string reason, int count);

    [LoggerMessage(2021, LogLevel.Information, "Watched directory {Root} is back; rescanning and watching it again")]
    private static partial void LogRootBack(ILogger logger, string root);

    [LoggerMessage(2022, LogLevel.Warning, "Watched directory {Root} was replaced by another directory; rescanning and watching the new one")]
    private static partial void LogRootReplaced(ILogger logger, string root);
}
