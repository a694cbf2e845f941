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

    /// <summary>Turns the FileSystemWatcher off (rescans only), e.g. where inotify instances are exhausted.</summary>
    public bool DisableWatcher { get; init; }
}
