using Microsoft.Extensions.DependencyInjection;
using SacOperator.Engine;
using SacOperator.Model;

namespace SacOperator.Accounts;

/// <summary>
/// Re-enqueues an Account as soon as its quota file is written, so a reading reaches the phase
/// before the next poll. A hint only: the poll at <c>pollInterval</c> still catches everything a
/// watcher misses (inotify drops events; NFS and Lustre homes deliver none). One watcher per
/// directory; a file is watched from the first reconcile that reads it.
/// </summary>
public sealed class QuotaFileWatch([FromKeyedServices(ResourceKinds.Account)] KeyChannel accounts) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (FileSystemWatcher? Watcher, Dictionary<string, HashSet<ResourceKey>> Files)> _directories = new(StringComparer.Ordinal);

    public void Watch(ResourceKey key, string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        lock (_lock)
        {
            if (!_directories.TryGetValue(directory, out var entry) || entry.Watcher is null)
            {
                entry = (Start(directory), entry.Files ?? new Dictionary<string, HashSet<ResourceKey>>(StringComparer.Ordinal));
                _directories[directory] = entry;
            }

            if (!entry.Files.TryGetValue(name, out var keys))
            {
                entry.Files[name] = keys = [];
            }

            keys.Add(key);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var (watcher, _) in _directories.Values)
            {
                watcher?.Dispose();
            }

            _directories.Clear();
        }
    }

    /// <summary>Null while the directory does not exist: the next reconcile tries again.</summary>
    private FileSystemWatcher? Start(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        try
        {
            var watcher = new FileSystemWatcher(directory) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
            watcher.Changed += (_, e) => Changed(directory, e.Name);
            watcher.Created += (_, e) => Changed(directory, e.Name);
            watcher.Renamed += (_, e) => Changed(directory, e.Name);
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            // Out of inotify watches, or a file system without notifications: polling covers it.
            return null;
        }
    }

    private void Changed(string directory, string? name)
    {
        ResourceKey[] keys;
        lock (_lock)
        {
            keys = name is not null && _directories.TryGetValue(directory, out var entry) && entry.Files.TryGetValue(name, out var set) ? [.. set] : [];
        }

        foreach (var key in keys)
        {
            accounts.Enqueue(key);
        }
    }
}
