using SacOperator.Model;

namespace SacOperator.State;

public sealed partial class StateStore
{
    /// <summary>Records an event; the same reason and message repeated for a resource bumps the count of the last one.</summary>
    public void RecordEvent(EventEntry entry) => Write(c =>
    {
        var now = Iso(entry.LastTimestamp == default ? _time.GetUtcNow() : entry.LastTimestamp);
        using (var last = Command(c, """
            SELECT id, type, reason, message FROM events WHERE kind = $kind AND namespace = $ns AND name = $name ORDER BY id DESC LIMIT 1
            """, ("$kind", entry.Key.Kind), ("$ns", entry.Key.Namespace), ("$name", entry.Key.Name)))
        using (var reader = last.ExecuteReader())
        {
            if (reader.Read() && reader.GetString(1) == entry.Type && reader.GetString(2) == entry.Reason && reader.GetString(3) == entry.Message)
            {
                var id = reader.GetInt64(0);
                reader.Close();
                Execute(c, "UPDATE events SET count = count + 1, last_at = $at WHERE id = $id", ("$at", now), ("$id", id));
                return;
            }
        }

        Execute(c, """
            INSERT INTO events(kind, namespace, name, type, reason, message, first_at, last_at, count)
            VALUES ($kind, $ns, $name, $type, $reason, $message, $at, $at, 1)
            """,
            ("$kind", entry.Key.Kind), ("$ns", entry.Key.Namespace), ("$name", entry.Key.Name), ("$type", entry.Type),
            ("$reason", entry.Reason), ("$message", entry.Message), ("$at", now));
        if (++_eventsSinceTrim >= 1000)
        {
            _eventsSinceTrim = 0;
            Execute(c, "DELETE FROM events WHERE id <= (SELECT MAX(id) FROM events) - $keep", ("$keep", EventRetention));
            Execute(c, "DELETE FROM restarts WHERE id <= (SELECT MAX(id) FROM restarts) - $keep", ("$keep", EventRetention));
        }
    });

    /// <summary>
    /// The newest <paramref name="limit"/> events, oldest first; for one resource when <paramref name="key"/> is
    /// given (any kind when its kind is empty), and of one kind when <paramref name="kind"/> is given. Filters
    /// apply before the limit, so a quiet kind is not crowded out by a busy one.
    /// </summary>
    public IReadOnlyList<EventEntry> ListEvents(ResourceKey? key = null, int limit = 100, string? kind = null) => Read(c =>
    {
        var kindFilter = key is { Kind.Length: > 0 } ? key.Value.Kind : kind;
        var conditions = new List<string>(3);
        if (!string.IsNullOrEmpty(kindFilter))
        {
            conditions.Add("kind = $kind");
        }

        if (key is not null)
        {
            conditions.Add("namespace = $ns AND name = $name");
        }

        var filter = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        using var command = Command(c,
            $"SELECT id, kind, namespace, name, type, reason, message, first_at, last_at, count FROM events {filter} ORDER BY id DESC LIMIT $limit",
            ("$kind", kindFilter), ("$ns", key?.Namespace), ("$name", key?.Name), ("$limit", limit));
        using var reader = command.ExecuteReader();
        var result = new List<EventEntry>();
        while (reader.Read())
        {
            result.Add(new EventEntry
            {
                Id = reader.GetInt64(0),
                Key = new ResourceKey(reader.GetString(1), reader.GetString(2), reader.GetString(3)),
                Type = reader.GetString(4),
                Reason = reader.GetString(5),
                Message = reader.GetString(6),
                FirstTimestamp = ParseIso(reader.GetString(7)),
                LastTimestamp = ParseIso(reader.GetString(8)),
                Count = reader.GetInt32(9),
            });
        }

        result.Reverse();
        return (IReadOnlyList<EventEntry>)result;
    });

    // ---- requests --------------------------------------------------------------------------

    public long AddRequest(ResourceKey key, string action) => Write(c =>
    {
        Execute(c, "INSERT INTO requests(kind, namespace, name, action, at) VALUES ($kind, $ns, $name, $action, $at)",
            ("$kind", key.Kind), ("$ns", key.Namespace), ("$name", key.Name), ("$action", action), ("$at", Iso(_time.GetUtcNow())));
        return (long)Scalar(c, "SELECT last_insert_rowid()")!;
    });

    /// <summary>Returns unhandled requests and marks them handled, atomically (also against other processes).</summary>
    public IReadOnlyList<ActionRequest> TakeRequests() => Write(c =>
    {
        var result = new List<ActionRequest>();
        if (Scalar(c, "SELECT 1 FROM requests WHERE handled_at IS NULL LIMIT 1") is null)
        {
            return (IReadOnlyList<ActionRequest>)result;
        }

        // Another StateStore on the same file must not take the same requests between the SELECT and the UPDATE.
        Execute(c, "BEGIN IMMEDIATE");
        try
        {
            using (var command = Command(c, "SELECT id, kind, namespace, name, action, at FROM requests WHERE handled_at IS NULL ORDER BY id"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    result.Add(new ActionRequest(reader.GetInt64(0),
                        new ResourceKey(reader.GetString(1), reader.GetString(2), reader.GetString(3)),
                        reader.GetString(4), ParseIso(reader.GetString(5))));
                }
            }

            if (result.Count > 0)
            {
                Execute(c, "UPDATE requests SET handled_at = $at WHERE handled_at IS NULL AND id <= $max",
                    ("$at", Iso(_time.GetUtcNow())), ("$max", result[^1].Id));
            }

            Execute(c, "COMMIT");
        }
        catch
        {
            Execute(c, "ROLLBACK");
            throw;
        }

        return (IReadOnlyList<ActionRequest>)result;
    });
}
