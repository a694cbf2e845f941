using System.Collections.Concurrent;
using SacOperator.Homes;
using SacOperator.Model;
using SacOperator.Parsing;

namespace SacOperator.Stores;

/// <summary>
/// The home half of <see cref="DirectoryStore"/>. A sac spec inherits directories that are copied
/// into its agent's <c>$HOME</c> (its <c>to_home/</c>, <c>_shared/to_home/</c>, the user-wide
/// layer), and the reader folds a digest of their content into the spec, so a change there is a
/// spec change only once the spec is read again. The store reads it again when a watcher event
/// falls inside one of those directories, and at each rescan when a directory's
/// <see cref="HomeTreeStamp"/> (metadata only) differs from the one taken when the spec was read.
/// Layers outside the watched roots (a user-wide layer beside a project root) are only seen by
/// the rescan.
/// </summary>
public sealed partial class DirectoryStore
{
    /// <summary>A layer written this recently before a read may be newer than the digest the read took.</summary>
    private static readonly TimeSpan HomeSettle = TimeSpan.FromSeconds(2);

    /// <summary>Spec file → the layer directories its agents inherit and their stamps at the read. Loop thread only.</summary>
    private readonly Dictionary<string, HomeWatch> _homes = new(StringComparer.Ordinal);

    /// <summary>Layer directory → the spec files that inherit it. Loop thread only.</summary>
    private readonly Dictionary<string, HashSet<string>> _homeDependents = new(StringComparer.Ordinal);

    /// <summary>Paths the watcher reported; the loop thread re-reads the specs whose layers they fall in.</summary>
    private readonly ConcurrentQueue<string> _homeEvents = new();

    private readonly IReadOnlyDictionary<string, string> _environment = Environment.GetEnvironmentVariables()
        .Cast<System.Collections.DictionaryEntry>()
        .ToDictionary(e => (string)e.Key, e => e.Value as string ?? "", StringComparer.Ordinal);

    /// <summary>Spec files read so far, for any reason (tests see whether a home layer change, or none, caused a read).</summary>
    public long SpecReads => Interlocked.Read(ref _specReads);

    private long _specReads;

    /// <summary>The layers of every agent <paramref name="parsed"/> defines, stamped after the read; touches no shared state.</summary>
    private HomeWatch? WatchHomes(string path, ParsedFile parsed, DateTimeOffset readStarted)
    {
        var specDirectory = Path.GetDirectoryName(path)!;
        var directories = parsed.Resources
            .Select(r => r.Resource)
            .OfType<Agent>()
            .SelectMany(a => a.Spec.Sac?.HomeLayers ?? [])
            .Select(l => HomeLayerPaths.Resolve(l.Path, specDirectory, _environment))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (directories.Count == 0)
        {
            return null;
        }

        var stamps = directories.Select(HomeTreeStamp.Of).ToList();
        var settled = stamps.All(s => s.NewestTicks < (readStarted - HomeSettle).UtcTicks);
        return new HomeWatch(directories, settled ? stamps : null);
    }

    /// <summary>True when a layer of <paramref name="path"/>'s agents changed since it was read; stamps are shared within one scan.</summary>
    private bool HomesChanged(string path, Dictionary<string, HomeTreeStamp> scanStamps)
    {
        if (!_homes.TryGetValue(path, out var watch))
        {
            return false;
        }

        if (watch.Stamps is null)
        {
            return true;
        }

        for (var i = 0; i < watch.Directories.Count; i++)
        {
            var directory = watch.Directories[i];
            if (!scanStamps.TryGetValue(directory, out var now))
            {
                scanStamps[directory] = now = HomeTreeStamp.Of(directory);
            }

            if (now != watch.Stamps[i])
            {
                return true;
            }
        }

        return false;
    }

    private void SetHomes(string path, HomeWatch? watch)
    {
        if (_homes.Remove(path, out var old))
        {
            foreach (var directory in old.Directories)
            {
                if (_homeDependents.TryGetValue(directory, out var dependents) && dependents.Remove(path) && dependents.Count == 0)
                {
                    _homeDependents.Remove(directory);
                }
            }
        }

        if (watch is null)
        {
            return;
        }

        _homes[path] = watch;
        foreach (var directory in watch.Directories)
        {
            if (!_homeDependents.TryGetValue(directory, out var dependents))
            {
                _homeDependents[directory] = dependents = new HashSet<string>(StringComparer.Ordinal);
            }

            dependents.Add(path);
        }
    }

    /// <summary>Watcher threads: remembers the path for the loop; true when it is home content and nothing else (never a spec).</summary>
    private bool OnHomeEvent(string path)
    {
        _homeEvents.Enqueue(path);
        var root = _options.Roots.FirstOrDefault(r => IsBelow(path, r));
        if (root is null || !SpecTree.IsHomeContent(Path.GetRelativePath(root, path)))
        {
            return false;
        }

        Signal();
        return true;
    }

    /// <summary>Loop thread: schedules a forced read of every spec that inherits a layer an event fell in.</summary>
    private void ScheduleHomeEvents()
    {
        if (_homeEvents.IsEmpty)
        {
            return;
        }

        var specs = new HashSet<string>(StringComparer.Ordinal);
        while (_homeEvents.TryDequeue(out var path))
        {
            for (var directory = path; directory is not null; directory = Path.GetDirectoryName(directory))
            {
                if (_homeDependents.TryGetValue(directory, out var dependents))
                {
                    specs.UnionWith(dependents);
                }
            }
        }

        if (specs.Count == 0)
        {
            return;
        }

        var due = _time.GetTimestamp() + (long)(_options.Debounce.TotalSeconds * _time.TimestampFrequency);
        lock (_pendingLock)
        {
            foreach (var spec in specs)
            {
                _pending[spec] = due;
            }
        }
    }

    /// <param name="Stamps">One per directory; null when a layer was written during the read (read again at the next rescan).</param>
    private sealed record HomeWatch(IReadOnlyList<string> Directories, IReadOnlyList<HomeTreeStamp>? Stamps);
}
