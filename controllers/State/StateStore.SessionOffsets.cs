namespace SacOperator.State;

public sealed partial class StateStore
{
    /// <summary>
    /// Records how far an agent's session stream was folded: the generation, the byte offset in the
    /// live file and the folded state (JSON), in one write so they never disagree.
    /// </summary>
    public void SaveSessionOffset(string ns, string name, string stream, long generation, long offset, string stateJson) => Write(c =>
        Execute(c, """
            INSERT INTO session_offsets(namespace, name, session_id, generation, byte_offset, updated_at, state_json)
            VALUES ($ns, $name, $stream, $gen, $offset, $at, $state)
            ON CONFLICT(namespace, name, session_id) DO UPDATE SET
                generation = excluded.generation, byte_offset = excluded.byte_offset,
                updated_at = excluded.updated_at, state_json = excluded.state_json
            """,
            ("$ns", ns), ("$name", name), ("$stream", stream), ("$gen", generation), ("$offset", offset),
            ("$at", Iso(_time.GetUtcNow())), ("$state", stateJson)));

    /// <summary>The last recorded offset of an agent's session stream, or null when none was.</summary>
    public (long Generation, long Offset, string? StateJson)? LoadSessionOffset(string ns, string name, string stream) => Read(c =>
    {
        using var command = Command(c,
            "SELECT generation, byte_offset, state_json FROM session_offsets WHERE namespace = $ns AND name = $name AND session_id = $stream",
            ("$ns", ns), ("$name", name), ("$stream", stream));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? (reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2))
            : ((long, long, string?)?)null;
    });
}
