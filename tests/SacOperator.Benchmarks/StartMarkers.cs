using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace SacOperator.Benchmarks;

/// <summary>
/// Every benchmark agent, under either supervisor, runs <c>sh -c 'echo $$ > DIR/NAME; exec sleep
/// MARKER'</c>: it announces each start by (re)writing its marker file. inotify tells this class
/// when, so starts and restarts are timed the same way for SacOperator, supervisord and the floor.
/// </summary>
public sealed class StartMarkers : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _waiters = new(StringComparer.Ordinal);

    public StartMarkers(string directory, string marker)
    {
        Directory = directory;
        Marker = marker;
        System.IO.Directory.CreateDirectory(directory);
        _watcher = new FileSystemWatcher(directory) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite, InternalBufferSize = 64 * 1024 };
        _watcher.Created += (_, e) => Seen(e.Name);
        _watcher.Changed += (_, e) => Seen(e.Name);
        _watcher.EnableRaisingEvents = true;
    }

    public string Directory { get; }

    /// <summary>Unique <c>sleep</c> argument identifying this run's agent processes.</summary>
    public string Marker { get; }

    /// <summary>The agent command as argv.</summary>
    public IReadOnlyList<string> Command(string nameVariable) =>
        ["sh", "-c", $"echo $$ > \"{Directory}/${{{nameVariable}}}\"; exec sleep {Marker}"];

    public void Clear()
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            File.Delete(file);
        }
    }

    /// <summary>Agents whose marker was written at or after <paramref name="since"/> (UTC).</summary>
    public int CountSince(DateTime since) =>
        new DirectoryInfo(Directory).EnumerateFiles().Count(f => f.LastWriteTimeUtc >= since);

    public int? Pid(string name) =>
        File.Exists(Path.Combine(Directory, name)) && int.TryParse(File.ReadAllText(Path.Combine(Directory, name)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;

    /// <summary>Completes with the Stopwatch timestamp of the next (re)start of <paramref name="name"/>.</summary>
    public Task<long> NextStart(string name)
    {
        var waiter = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[name] = waiter;
        return waiter.Task;
    }

    /// <summary>Polls until <paramref name="count"/> agents announced a start since <paramref name="since"/>.</summary>
    public async Task<bool> WaitForCountAsync(int count, DateTime since, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (CountSince(since) < count)
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(count > 2000 ? 100 : 20);
        }

        return true;
    }

    public void Dispose() => _watcher.Dispose();

    private void Seen(string? name)
    {
        var now = Stopwatch.GetTimestamp();
        if (name is not null && _waiters.TryRemove(name, out var waiter))
        {
            waiter.TrySetResult(now);
        }
    }
}
