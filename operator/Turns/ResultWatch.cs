using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SacOperator.Logs;

namespace SacOperator.Operator.Turns;

/// <summary>
/// Follows an agent's session.jsonl from a position taken before a turn was written, across
/// rotation, until the next <c>type: result</c> event. Lines that are not JSON objects are skipped.
/// </summary>
public sealed class ResultWatch : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly LogReader _reader;
    private readonly LogFollower _follower;
    private readonly MemoryStream _pending = new();

    private ResultWatch(LogReader reader, LogFollower follower)
    {
        _reader = reader;
        _follower = follower;
    }

    /// <summary>Marks the current end of <paramref name="session"/>.</summary>
    /// <exception cref="FileNotFoundException">The agent has no session.jsonl (it never ran).</exception>
    public static ResultWatch Start(string session)
    {
        var reader = LogReader.Open(session);
        var end = reader.CopyTo(reader.TailStart(0), Stream.Null);
        return new ResultWatch(reader, reader.Follow(end));
    }

    /// <summary>The next result event, or null when <paramref name="deadline"/> passes first.</summary>
    public async Task<JsonObject?> NextResultAsync(TimeProvider time, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_follower.Poll(_pending) > 0 && TakeResult() is { } result)
            {
                return result;
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            await Task.Delay(left < Poll ? left : Poll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _follower.Dispose();
        _reader.Dispose();
    }

    private JsonObject? TakeResult()
    {
        var bytes = _pending.ToArray();
        var consumed = 0;
        JsonObject? found = null;
        for (var newline = Array.IndexOf(bytes, (byte)'\n'); newline >= 0 && found is null; newline = Array.IndexOf(bytes, (byte)'\n', consumed))
        {
            var line = Encoding.UTF8.GetString(bytes, consumed, newline - consumed);
            consumed = newline + 1;
            found = ParseResult(line);
        }

        _pending.SetLength(0);
        _pending.Write(bytes, consumed, bytes.Length - consumed);
        return found;
    }

    private static JsonObject? ParseResult(string line)
    {
        try
        {
            return JsonNode.Parse(line) is JsonObject o && o["type"] is JsonValue t && t.TryGetValue<string>(out var type) && type == "result" ? o : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
