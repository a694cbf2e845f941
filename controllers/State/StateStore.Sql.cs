using System.Text.Json;
using Microsoft.Data.Sqlite;
using SacOperator.Model;
using SacOperator.Serialization;

namespace SacOperator.State;

public sealed partial class StateStore
{
    private T Write<T>(Func<SqliteConnection, T> action)
    {
        lock (_writeLock)
        {
            return action(_writer);
        }
    }

    private void Write(Action<SqliteConnection> action)
    {
        lock (_writeLock)
        {
            action(_writer);
        }
    }

    /// <summary>Readers use their own pooled connection (the command timeout doubles as SQLite's busy timeout).</summary>
    private T Read<T>(Func<SqliteConnection, T> action)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return action(connection);
    }

    /// <summary>
    /// Statements on the writer connection are prepared once and reused (parsing SQL costs more
    /// than running these small statements); reader statements are disposed after use.
    /// </summary>
    private CommandLease Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var cached = ReferenceEquals(connection, _writer);
        SqliteCommand? command = null;
        if (cached && !_prepared.TryGetValue(sql, out command))
        {
            command = null;
        }

        if (command is null)
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            if (cached)
            {
                _prepared[sql] = command;
            }
        }
        else
        {
            command.Parameters.Clear();
        }

        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return new CommandLease(command, dispose: !cached);
    }

    private int Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private object? Scalar(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    private List<ResourceRow> QueryResources(SqliteConnection connection, string where, params (string, object?)[] parameters)
    {
        using var command = Command(connection,
            $"SELECT kind, namespace, name, source, spec_hash, generation, object_json, status_json, created_at, updated_at FROM resources {where}",
            parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<ResourceRow>();
        while (reader.Read())
        {
            rows.Add(new ResourceRow
            {
                Key = new ResourceKey(reader.GetString(0), reader.GetString(1), reader.GetString(2)),
                Source = reader.IsDBNull(3) ? null : reader.GetString(3),
                SpecHash = reader.IsDBNull(4) ? null : reader.GetString(4),
                Generation = reader.GetInt64(5),
                ObjectJson = reader.IsDBNull(6) ? null : reader.GetString(6),
                StatusJson = reader.IsDBNull(7) ? null : reader.GetString(7),
                CreatedAt = ParseIso(reader.GetString(8)),
                UpdatedAt = ParseIso(reader.GetString(9)),
            });
        }

        return rows;
    }

    private List<AgentRecord> QueryAgents(SqliteConnection connection, string where, params (string, object?)[] parameters)
    {
        using var command = Command(connection, $"SELECT record_json, namespace, name FROM agents {where}", parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<AgentRecord>();
        while (reader.Read())
        {
            try
            {
                if (JsonSerializer.Deserialize<AgentRecord>(reader.GetString(0), ModelJson.Options) is { } record)
                {
                    rows.Add(record);
                }
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                // A record this release cannot read never stops the operator: it is reported and
                // rebuilt from what the machine shows (the agent's process and runtime directory).
                _unreadable.Enqueue(new UnreadableRecord(ResourceKey.Agent(reader.GetString(2), reader.GetString(1)), e.Message));
            }
        }

        return rows;
    }
}
