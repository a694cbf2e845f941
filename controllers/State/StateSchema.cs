namespace SacOperator.State;

internal static class StateSchema
{
    public const int Version = 1;

    public const string Pragmas = """
        PRAGMA journal_mode=WAL;
        PRAGMA synchronous=NORMAL;
        PRAGMA busy_timeout=5000;
        """;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS resources (
            kind TEXT NOT NULL,
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            source TEXT,
            spec_hash TEXT,
            generation INTEGER NOT NULL DEFAULT 0,
            object_json TEXT,
            status_json TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (kind, namespace, name));
        CREATE TABLE IF NOT EXISTS agents (
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            instance_name TEXT NOT NULL,
            runtime TEXT NOT NULL,
            pid INTEGER,
            start_ticks INTEGER,
            started_at TEXT,
            spec_hash TEXT,
            record_json TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (namespace, name));
        CREATE TABLE IF NOT EXISTS restarts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            at TEXT NOT NULL,
            exit_code INTEGER,
            uptime_ms INTEGER NOT NULL,
            reason TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS restarts_by_agent ON restarts(namespace, name, id);
        CREATE TABLE IF NOT EXISTS events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            reason TEXT NOT NULL,
            message TEXT NOT NULL,
            first_at TEXT NOT NULL,
            last_at TEXT NOT NULL,
            count INTEGER NOT NULL DEFAULT 1);
        CREATE INDEX IF NOT EXISTS events_by_resource ON events(kind, namespace, name, id);
        CREATE TABLE IF NOT EXISTS requests (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            action TEXT NOT NULL,
            at TEXT NOT NULL,
            handled_at TEXT);
        """;
}
