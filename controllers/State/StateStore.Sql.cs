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

    private T Read<T>(Func<SqliteConnection, T> action)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout=5000;";
            pragma.ExecuteNonQuery();
        }

        return action(connection);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static int Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    private static List<ResourceRow> QueryResources(SqliteConnection connection, string where, params (string, object?)[] parameters)
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

    private static List<AgentRecord> QueryAgents(SqliteConnection connection, string where, params (string, object?)[] parameters)
    {
        using var command = Command(connection, $"SELECT record_json FROM agents {where}", parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<AgentRecord>();
        while (reader.Read())
        {
            if (JsonSerializer.Deserialize<AgentRecord>(reader.GetString(0), ModelJson.Options) is { } record)
            {
                rows.Add(record);
            }
        }

        return rows;
    }
}
