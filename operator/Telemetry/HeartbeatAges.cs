using SacOperator.Agents;
using SacOperator.Nodes;

namespace SacOperator.Operator.Telemetry;

/// <summary>
/// Heartbeat timestamps for the scrape-time <c>sac_agent_heartbeat_age_seconds</c> gauge. Each
/// scrape costs one stat per agent; a heartbeat file is parsed again only when its size or
/// modification time changed. Files not asked about in a pass are forgotten.
/// </summary>
public sealed class HeartbeatAges
{
    private readonly Lock _gate = new();
    private Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private Dictionary<string, Entry> _next = new(StringComparer.Ordinal);

    /// <summary>Reads the timestamps of <paramref name="files"/> (one pass); null where a file is missing.</summary>
    public IReadOnlyList<DateTimeOffset?> Read(IReadOnlyList<string?> files)
    {
        lock (_gate)
        {
            var result = new DateTimeOffset?[files.Count];
            _next.Clear();
            for (var i = 0; i < files.Count; i++)
            {
                if (files[i] is { } file && Timestamp(file) is { } entry)
                {
                    _next[file] = entry;
                    result[i] = entry.Timestamp;
                }
            }

            (_entries, _next) = (_next, _entries);
            return result;
        }
    }

    private Entry? Timestamp(string file)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            return null;
        }

        var mtime = info.LastWriteTimeUtc.Ticks;
        var length = info.Length;
        if (_entries.TryGetValue(file, out var cached) && cached.MTimeTicks == mtime && cached.Length == length)
        {
            return cached;
        }

        return HeartbeatReading.Read(file) is { } reading ? new Entry(mtime, length, reading.Timestamp) : null;
    }

    private sealed record Entry(long MTimeTicks, long Length, DateTimeOffset Timestamp);
}
