using System.Globalization;
using System.Text.Json;

namespace SacOperator.Nodes;

/// <summary>
/// The agent's <c>heartbeat.json</c>: <c>{"ts": ISO-8601, "pid": N, "state": "starting|idle|working|stopping"}</c>.
/// When <c>ts</c> is missing or unparsable the file's modification time stands in for it.
/// </summary>
public sealed record HeartbeatReading(DateTimeOffset Timestamp, string? State)
{
    public static HeartbeatReading? Read(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return null;
            }

            var mtime = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
            if (info.Length is 0 or > 64 * 1024)
            {
                return new HeartbeatReading(mtime, null);
            }

            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            string? state = root.TryGetProperty("state", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (root.TryGetProperty("ts", out var ts) && ts.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(ts.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return new HeartbeatReading(at, state);
            }

            return new HeartbeatReading(mtime, state);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // Half-written or unreadable: fall back to the modification time if the file is there at all.
            return File.Exists(path) ? new HeartbeatReading(new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero), null) : null;
        }
    }
}
