using Microsoft.Extensions.Logging;
using SacOperator.Model;
using SacOperator.Parsing;
using SacOperator.Telemetry;

namespace SacOperator.Stores;

/// <summary>
/// Desired state from watched directories. A FileSystemWatcher is a hint that makes changes show
/// up within milliseconds; a periodic full rescan (and one after any watcher error) is what makes
/// the store correct. Files are re-read only when size or mtime changed, and a key is re-enqueued
/// only when its parsed content changed. One broken file only affects the resources it defines.
/// Only a file that is gone while its root is there removes what it defined: a root that
/// disappears, or a part of the tree that cannot be seen, keeps its last known resources (see
/// <c>DirectoryStore.Roots.cs</c>).
/// </summary>
public sealed partial class DirectoryStore : IResourceStore, IDisposable
{
    private readonly DirectoryStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly SacMetrics _metrics;
    private readonly ILogger<DirectoryStore> _logger;
    private readonly DefinitionIndex _index = new();
    private readonly Dictionary<string, FileFingerprint> _fingerprints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _loggedProblems = new(StringComparer.Ordinal);
    private readonly Lock _pendingLock = new();
    private readonly Dictionary<string, long> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _vanished = new();
    private IReadOnlyList<string> _outOfSight = [];
    private bool _rescanRequested;

    public DirectoryStore(DirectoryStoreOptions options, TimeProvider time, SacMetrics metrics, ILogger<DirectoryStore> logger)
    {
        _options = options with { Roots = [.. options.Roots.Select(Path.GetFullPath)] };
        _time = time;
        _metrics = metrics;
        _logger = logger;
        Cache.SubscriberFailed += (key, e) => LogSubscriberFailed(_logger, key.ToString(), e);
    }

    public string Name => "directory";

    public ResourceCache Cache { get; } = new();

    /// <summary>False until the initial sync, and while a root that was there is gone or unreadable.</summary>
    public bool HasSynced => _synced.Task.IsCompletedSuccessfully && _rootProblem is null;

    public string? NotSyncedReason => _synced.Task.IsCompletedSuccessfully
        ? _rootProblem
        : $"store '{Name}' has not finished its initial sync";

    public IReadOnlyList<string> Roots => _options.Roots;

    /// <summary>Completes after each full rescan; tests and benchmarks await it instead of sleeping.</summary>
    public event Action? Rescanned;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var root in _options.Roots.Where(r => !Directory.Exists(r)))
        {
            LogMissingRoot(_logger, root);
        }

        // Watch first (CheckRoots starts the watchers), then scan: a file written between the two
        // is then seen twice (harmless, content hashes dedupe) instead of not at all until the next rescan.
        CheckRoots();
        FullScan();
        _synced.TrySetResult();

        var nextRescan = _time.GetUtcNow() + _options.RescanPeriod;
        var nextRootCheck = _time.GetUtcNow() + _options.RootPollInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = _time.GetUtcNow();
            ScheduleHomeEvents();
            ProcessDuePaths(now);
            var rescan = now >= nextRescan || TakeRescanRequest();
            if (rescan || now >= nextRootCheck)
            {
                // A root that returned or was replaced is rescanned at once, not at the next period.
                rescan |= CheckRoots();
                nextRootCheck = _time.GetUtcNow() + _options.RootPollInterval;
            }

            if (rescan)
            {
                FullScan();
                nextRescan = _time.GetUtcNow() + _options.RescanPeriod;
            }

            var wait = (nextRescan < nextRootCheck ? nextRescan : nextRootCheck) - _time.GetUtcNow();
            var nextDue = NextDue();
            if (nextDue is { } due && due - _time.GetUtcNow() < wait)
            {
                wait = due - _time.GetUtcNow();
            }

            if (wait > TimeSpan.Zero)
            {
                await WaitForSignalAsync(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Asks for a full rescan now (after a watcher error, or from a test).</summary>
    public void RequestRescan()
    {
        lock (_pendingLock)
        {
            _rescanRequested = true;
        }

        Signal();
    }

    public void Dispose()
    {
        foreach (var state in _roots.Values)
        {
            state.Watcher?.Dispose();
        }

        _signal.Dispose();
    }

    private async Task WaitForSignalAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using var delay = new CancellationTokenSource(wait, _time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, delay.Token);
        try
        {
            await _signal.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void FullScan()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var outOfSight = new List<string>();
        var treeProblems = new List<Diagnostic>();
        var changed = new List<SpecTreeFile>();
        var homeStamps = new Dictionary<string, HomeTreeStamp>(StringComparer.Ordinal);
        foreach (var root in _options.Roots)
        {
            var listing = SpecTree.List(root);
            if (!Listed(root, listing))
            {
                outOfSight.Add(root);
                continue;
            }

            outOfSight.AddRange(listing.Unreachable);
            treeProblems.AddRange(listing.Diagnostics);
            foreach (var file in listing.Files)
            {
                seen.Add(file.Path);
                if (!_fingerprints.TryGetValue(file.Path, out var known) || known != FileFingerprint.Of(file.Content)
                    || HomesChanged(file.Path, homeStamps))
                {
                    changed.Add(file);
                }
            }
        }

        _outOfSight = outOfSight;
        ReportTreeProblems(treeProblems);

        // Reading and parsing dominate a cold start with thousands of specs: do it on every core,
        // then apply the results in order on this thread (the index is single-threaded).
        var read = changed.Count >= ParallelReadThreshold
            ? changed.AsParallel().AsOrdered().Select(f => (File: f, Result: Read(f.Path, f.Content))).ToList()
            : changed.Select(f => (File: f, Result: Read(f.Path, f.Content))).ToList();
        var touched = new HashSet<ResourceKey>();
        foreach (var (file, result) in read)
        {
            touched.UnionWith(Apply(file.Path, result));
        }

        foreach (var gone in _fingerprints.Keys.Where(f => !seen.Contains(f)).ToList())
        {
            touched.UnionWith(ForgetIfGone(gone));
        }

        Publish(touched);
        Rescanned?.Invoke();
    }

    private const int ParallelReadThreshold = 64;

    /// <summary>Re-reads <paramref name="path"/> if its fingerprint changed; returns affected keys.</summary>
    /// <param name="force">Read even when the fingerprint is unchanged (a watcher event said so; mtime can be coarse).</param>
    private IReadOnlyCollection<ResourceKey> Refresh(string path, FileInfo? info = null, bool force = false)
    {
        info ??= SpecTree.ContentOf(path);
        if (!info.Exists)
        {
            return ForgetIfGone(path);
        }

        if (!force && _fingerprints.TryGetValue(path, out var known) && known == FileFingerprint.Of(info))
        {
            return [];
        }

        return Apply(path, Read(path, info));
    }

    /// <summary>Reads and parses one file; touches no shared state, so it may run in parallel.</summary>
    private ReadResult? Read(string path, FileInfo info)
    {
        try
        {
            Interlocked.Increment(ref _specReads);
            var started = _time.GetUtcNow();
            var fingerprint = FileFingerprint.Of(info);
            var text = info.Length > SpecFile.MaxBytes
                ? throw new IOException($"larger than {SpecFile.MaxBytes / 1024 / 1024} MiB")
                : File.ReadAllText(path);
            var parsed = SpecFile.Parse(DisplayPath(path), text, _options.HostName);
            return new ReadResult(fingerprint, parsed, parsed.Resources.Select(SpecFile.ToStored).ToList(), WatchHomes(path, parsed, started));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Vanished between listing and reading, or unreadable: try again on the next event or rescan.
            _metrics.StoreSyncErrors.Add(1, new KeyValuePair<string, object?>("store", Name));
            LogReadFailed(_logger, path, e.Message);
            return null;
        }
    }

    private IReadOnlyCollection<ResourceKey> Apply(string path, ReadResult? result)
    {
        if (result is null)
        {
            return [];
        }

        _fingerprints[path] = result.Fingerprint;
        SetHomes(path, result.Homes);
        ReportProblems(path, result.Parsed);
        return _index.SetFile(path, result.Stored);
    }

    private sealed record ReadResult(FileFingerprint Fingerprint, ParsedFile Parsed, IReadOnlyList<StoredResource> Stored, HomeWatch? Homes);

    private IReadOnlyCollection<ResourceKey> Forget(string path)
    {
        _fingerprints.Remove(path);
        _loggedProblems.Remove(path);
        SetHomes(path, null);
        return _index.RemoveFile(path);
    }

    private void Publish(IEnumerable<ResourceKey> keys)
    {
        var changes = keys.Select(k => new KeyValuePair<ResourceKey, StoredResource?>(k, _index.Effective(k))).ToList();
        if (changes.Count > 0)
        {
            Cache.Apply(changes);
        }
    }

    [LoggerMessage(2001, LogLevel.Warning, "Watched directory {Root} does not exist (yet); it is rescanned periodically")]
    private static partial void LogMissingRoot(ILogger logger, string root);

    [LoggerMessage(2002, LogLevel.Warning, "Cannot scan {Root}: {Reason}")]
    private static partial void LogScanFailed(ILogger logger, string root, string reason);

    [LoggerMessage(2003, LogLevel.Warning, "Cannot read {Path}: {Reason}; will retry")]
    private static partial void LogReadFailed(ILogger logger, string path, string reason);

    [LoggerMessage(2006, LogLevel.Error, "A subscriber failed while handling a change of {Key}")]
    private static partial void LogSubscriberFailed(ILogger logger, string key, Exception exception);
}
