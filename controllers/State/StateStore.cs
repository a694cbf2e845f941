using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.Serialization;

namespace SacOperator.State;

/// <summary>
/// The operator's durable state in SQLite (WAL, synchronous=NORMAL: a committed write survives a
/// crash of the operator process; only a power loss may drop the last transactions). Writes go
/// through one connection under a lock; readers (including the CLI in another process) use their
/// own connections and never block the writer.
/// </summary>
public sealed partial class StateStore : IDisposable
{
    /// <summary>Events kept in total; the oldest are trimmed beyond this.</summary>
    public const int EventRetention = 50_000;

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Lock _writeLock = new();
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _eventsSinceTrim;

    private StateStore(string path, TimeProvider time)
    {
        Path = path;
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        Execute(_writer, StateSchema.Pragmas);
        Execute(_writer, StateSchema.Create);
        Execute(_writer, $"INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '{StateSchema.Version}')");
    }

    public string Path { get; }

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>.</summary>
    public static StateStore Open(string path, TimeProvider? time = null)
    {
        PrivateFiles.EnsureDatabase(path);
        return new StateStore(path, time ?? TimeProvider.System);
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            foreach (var command in _prepared.Values)
            {
                command.Dispose();
            }

            _writer.Dispose();
        }
    }

    /// <summary>True when a write transaction can be taken right now (readiness).</summary>
    public bool IsWritable()
    {
        try
        {
            Write(c => Execute(c, "BEGIN IMMEDIATE; ROLLBACK;"));
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public void SetMeta(string key, string value) =>
        Write(c => Execute(c, "INSERT INTO meta(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = $v", ("$k", key), ("$v", value)));

    public string? GetMeta(string key) =>
        Read(c => Scalar(c, "SELECT value FROM meta WHERE key = $k", ("$k", key)) as string);

    // ---- resources -------------------------------------------------------------------------

    public void PutResource(ResourceRow row) => Write(c => Execute(c, """
        INSERT INTO resources(kind, namespace, name, source, spec_hash, generation, object_json, status_json, created_at, updated_at)
        VALUES ($kind, $ns, $name, $source, $hash, $gen, $obj, $status, $created, $updated)
        ON CONFLICT(kind, namespace, name) DO UPDATE SET
            source = $source, spec_hash = $hash, generation = $gen, object_json = $obj, status_json = $status, updated_at = $updated
        """,
        ("$kind", row.Key.Kind), ("$ns", row.Key.Namespace), ("$name", row.Key.Name), ("$source", row.Source),
        ("$hash", row.SpecHash), ("$gen", row.Generation), ("$obj", row.ObjectJson), ("$status", row.StatusJson),
        ("$created", Iso(row.CreatedAt == default ? _time.GetUtcNow() : row.CreatedAt)), ("$updated", Iso(_time.GetUtcNow()))));

    public ResourceRow? GetResource(ResourceKey key) => Read(c => QueryResources(c,
        "WHERE kind = $kind AND namespace = $ns AND name = $name",
        ("$kind", key.Kind), ("$ns", key.Namespace), ("$name", key.Name)).FirstOrDefault());

    public IReadOnlyList<ResourceRow> ListResources(string kind) =>
        Read(c => QueryResources(c, "WHERE kind = $kind ORDER BY namespace, name", ("$kind", kind)));

    public void DeleteResource(ResourceKey key) => Write(c => Execute(c,
        "DELETE FROM resources WHERE kind = $kind AND namespace = $ns AND name = $name",
        ("$kind", key.Kind), ("$ns", key.Namespace), ("$name", key.Name)));

    // ---- agents ----------------------------------------------------------------------------

    public void PutAgent(AgentRecord record) => Write(c => Execute(c, """
        INSERT INTO agents(namespace, name, instance_name, runtime, pid, start_ticks, started_at, spec_hash, record_json, updated_at)
        VALUES ($ns, $name, $instance, $runtime, $pid, $ticks, $started, $hash, $json, $updated)
        ON CONFLICT(namespace, name) DO UPDATE SET
            instance_name = $instance, runtime = $runtime, pid = $pid, start_ticks = $ticks, started_at = $started,
            spec_hash = $hash, record_json = $json, updated_at = $updated
        """,
        ("$ns", record.Key.Namespace), ("$name", record.Key.Name), ("$instance", record.InstanceName), ("$runtime", record.Runtime),
        ("$pid", record.Pid), ("$ticks", record.StartTicks), ("$started", record.StartedAt is { } s ? Iso(s) : null),
        ("$hash", record.SpecHash), ("$json", JsonSerializer.Serialize(record, ModelJson.Options)), ("$updated", Iso(_time.GetUtcNow()))));

    public AgentRecord? GetAgent(ResourceKey key) => Read(c => QueryAgents(c,
        "WHERE namespace = $ns AND name = $name", ("$ns", key.Namespace), ("$name", key.Name)).FirstOrDefault());

    public IReadOnlyList<AgentRecord> ListAgents() => Read(c => QueryAgents(c, "ORDER BY namespace, name"));

    public void DeleteAgent(ResourceKey key) => Write(c => Execute(c,
        "DELETE FROM agents WHERE namespace = $ns AND name = $name", ("$ns", key.Namespace), ("$name", key.Name)));

    // ---- restarts --------------------------------------------------------------------------

    public void AddRestart(ResourceKey key, RestartEntry entry) => Write(c => Execute(c, """
        INSERT INTO restarts(namespace, name, at, exit_code, uptime_ms, reason) VALUES ($ns, $name, $at, $code, $uptime, $reason)
        """,
        ("$ns", key.Namespace), ("$name", key.Name), ("$at", Iso(entry.At)), ("$code", entry.ExitCode),
        ("$uptime", (long)entry.Uptime.TotalMilliseconds), ("$reason", entry.Reason)));

    public IReadOnlyList<RestartEntry> ListRestarts(ResourceKey key, int limit = 20) => Read(c =>
    {
        using var command = Command(c, """
            SELECT at, exit_code, uptime_ms, reason FROM restarts WHERE namespace = $ns AND name = $name ORDER BY id DESC LIMIT $limit
            """, ("$ns", key.Namespace), ("$name", key.Name), ("$limit", limit));
        using var reader = command.ExecuteReader();
        var result = new List<RestartEntry>();
        while (reader.Read())
        {
            result.Add(new RestartEntry
            {
                At = ParseIso(reader.GetString(0)),
                ExitCode = reader.IsDBNull(1) ? null : reader.GetInt32(1),
                Uptime = TimeSpan.FromMilliseconds(reader.GetInt64(2)),
                Reason = reader.GetString(3),
            });
        }

        result.Reverse();
        return (IReadOnlyList<RestartEntry>)result;
    });

    public static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseIso(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
