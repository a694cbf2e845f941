using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SacOperator.State;

/// <summary>
/// Brings a state DB to <see cref="StateSchema.Version"/> in place: reads <c>schema_version</c>,
/// then applies each step after it in order (v1→v2→…), all in one transaction, so a crash or an
/// error mid-way leaves the DB exactly as it was. A DB newer than this release is never touched
/// (no silent downgrade): it fails with one line saying what to do.
/// </summary>
internal static class StateMigrations
{
    /// <summary>The <c>schema_version</c> of the DB on <paramref name="connection"/>; 0 for an empty DB (no <c>meta</c> table).</summary>
    public static int ReadVersion(SqliteConnection connection, string path, SqliteTransaction? transaction = null)
    {
        if (Scalar(connection, transaction, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'") is 0L)
        {
            return 0;
        }

        // A meta table without the row: the first release creates the tables and then writes the
        // row in a second statement, so only that release can have left it like this.
        var value = Scalar(connection, transaction, "SELECT value FROM meta WHERE key = 'schema_version'");
        if (value is null)
        {
            return 1;
        }

        var text = Convert.ToString(value, CultureInfo.InvariantCulture);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 1
            ? version
            : throw new StateUnavailableException(
                $"state DB {path} has an unreadable schema_version '{text}'; move it aside (mv {path} {path}.broken) and start again: " +
                "running agents are found by their launch marker and adopted, and status is rebuilt");
    }

    /// <summary>Fails when the DB was written by a newer release than this one.</summary>
    public static void EnsureNotNewer(int version, string path)
    {
        if (version > StateSchema.Version)
        {
            throw new StateUnavailableException(
                $"state DB {path} has schema version {version}, newer than this sacop understands (up to {StateSchema.Version}); " +
                "run the sacop release that wrote it (or a newer one). It is left untouched: this release never downgrades it");
        }
    }

    /// <summary>
    /// Creates the tables of an empty DB or upgrades an older one, in one IMMEDIATE transaction
    /// (no other writer can slip in between reading the version and writing the new one).
    /// </summary>
    /// <param name="upgrade">False: create an empty DB and check the version, but leave an older schema as it is (a CLI verb writing a request must not upgrade a DB under a running older operator).</param>
    /// <returns>The schema version the DB has afterwards.</returns>
    public static int Apply(SqliteConnection connection, string path, bool upgrade = true)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var found = ReadVersion(connection, path, transaction);
        EnsureNotNewer(found, path);
        var version = found;
        if (version == 0)
        {
            Execute(connection, transaction, StateSchema.Create);
            version = 1;
        }

        if (upgrade)
        {
            foreach (var step in StateSchema.Steps.Where(s => s.To > version).OrderBy(s => s.To))
            {
                if (step.To != version + 1)
                {
                    throw new InvalidOperationException($"state schema step to v{version + 1} is missing");
                }

                Execute(connection, transaction, step.Sql);
                version = step.To;
            }
        }

        if (version != found)
        {
            Execute(connection, transaction,
                $"INSERT INTO meta(key, value) VALUES ('schema_version', '{version.ToString(CultureInfo.InvariantCulture)}') ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        }

        transaction.Commit();
        return version;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }
}
