using Microsoft.Data.Sqlite;

namespace SacOperator.State;

/// <summary>A command to run once; disposing it releases only commands that are not cached for reuse.</summary>
internal readonly struct CommandLease(SqliteCommand command, bool dispose) : IDisposable
{
    public SqliteDataReader ExecuteReader() => command.ExecuteReader();

    public int ExecuteNonQuery() => command.ExecuteNonQuery();

    public object? ExecuteScalar() => command.ExecuteScalar();

    public void Dispose()
    {
        if (dispose)
        {
            command.Dispose();
        }
    }
}
