namespace SacOperator.State;

/// <summary>
/// The state DB's tables. <see cref="Create"/> is the first release's schema (v1) and is never
/// edited: every change after it is a step in <see cref="Steps"/>, applied in order by
/// <see cref="StateMigrations"/>, so a DB of any earlier release and a new one end up identical.
/// A new step takes the next number and raises <see cref="Version"/>; a released step is never
/// changed. Timestamps are ISO-8601 UTC text (<see cref="StateStore.Iso"/>), keys of namespaced
/// resources are (namespace, name) with '' for no namespace, as in <c>agents</c>.
/// </summary>
internal static class StateSchema
{
    /// <summary>The newest schema this release reads and writes.</summary>
    public const int Version = 6;

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

    /// <summary>
    /// Tables for what comes next (the session stream reader, quota readers, host prober, Image
    /// controller). Nothing reads or writes them yet; they arrive through migrations so that the
    /// features adding code to them do not each need a schema change of their own.
    /// </summary>
    public static readonly IReadOnlyList<(int To, string Sql)> Steps =
    [
        // v2: how far the stream reader got in each agent's session.jsonl, per Claude Code session:
        // which rotation generation (0 = the live file, n = session.jsonl.n) and the byte offset
        // after the last complete line read, so a restarted operator resumes without re-reading.
        (2, """
            CREATE TABLE session_offsets (
                namespace TEXT NOT NULL,
                name TEXT NOT NULL,
                session_id TEXT NOT NULL,
                generation INTEGER NOT NULL DEFAULT 0,
                byte_offset INTEGER NOT NULL DEFAULT 0,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (namespace, name, session_id));
            """),

        // v3: quota readings of an Account, one row per reading and window ('five_hour',
        // 'seven_day', …); used_percent 0–100; source says who read it (e.g. 'usage-api', 'statusline').
        (3, """
            CREATE TABLE quota_readings (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                namespace TEXT NOT NULL,
                name TEXT NOT NULL,
                window TEXT NOT NULL,
                used_percent REAL NOT NULL,
                resets_at TEXT,
                read_at TEXT NOT NULL,
                source TEXT NOT NULL);
            CREATE INDEX quota_readings_by_account ON quota_readings(namespace, name, window, id);
            """),

        // v4: probes of a Host: reachable (0/1), the facts it reported (JSON: cores, memory,
        // apptainer version…) and the error when it was not reachable.
        (4, """
            CREATE TABLE host_probes (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                namespace TEXT NOT NULL,
                name TEXT NOT NULL,
                probed_at TEXT NOT NULL,
                reachable INTEGER NOT NULL,
                facts_json TEXT,
                error TEXT);
            CREATE INDEX host_probes_by_host ON host_probes(namespace, name, id);
            """),

        // v5: the built versions of an Image on this host: the artifact's path, its sha256 and
        // size, when it was built and the digest of the source it was built from.
        (5, """
            CREATE TABLE image_versions (
                namespace TEXT NOT NULL,
                name TEXT NOT NULL,
                version TEXT NOT NULL,
                path TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                size INTEGER NOT NULL,
                built_at TEXT NOT NULL,
                source_digest TEXT,
                PRIMARY KEY (namespace, name, version));
            """),

        // v6: a session stream follower's folded state (JSON) next to the offset it was folded up to,
        // written together so a restart resumes without counting a line twice.
        (6, """
            ALTER TABLE session_offsets ADD COLUMN state_json TEXT;
            """),
    ];
}
