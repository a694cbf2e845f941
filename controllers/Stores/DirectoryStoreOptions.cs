namespace SacOperator.Stores;

public sealed record DirectoryStoreOptions
{
    public required IReadOnlyList<string> Roots { get; init; }

    /// <summary>
    /// Full rescan period. inotify drops events on overflow and network filesystems deliver none,
    /// so the watcher is only a hint; the rescan is what guarantees convergence.
    /// </summary>
    public TimeSpan RescanPeriod { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Quiet time after the last event for a path before it is read (editors write in steps).</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Substituted for <c>${HOSTNAME}</c> in sac specs.</summary>
    public string? HostName { get; init; }

    /// <summary>
    /// How often each root is looked at (one <c>statx</c>): a root that is gone makes the store
    /// not-synced within this time, and one that returns or is replaced is rescanned and watched
    /// again within it.
    /// </summary>
    public TimeSpan RootPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A file found missing is forgotten (and its agents stopped) only once no deletion has been
    /// reported for this long and its root is still there: <c>rm -rf</c> of a root deletes the
    /// files first and the root last, and must not look like every spec being deleted.
    /// </summary>
    public TimeSpan DeletionSettle { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Turns the FileSystemWatcher off (rescans only), e.g. where inotify instances are exhausted.</summary>
    public bool DisableWatcher { get; init; }
}
