namespace SacOperator.Sessions;

/// <summary>
/// How far a session stream was folded, as persisted: the state after the last folded line, the
/// byte offset just past it in the live file, and the generation stamp of the <c>.1</c> the live file
/// had then (0: none). The stamp tells a reader whether the file was rotated since.
/// </summary>
public sealed record SessionCheckpoint(long Generation, long Offset, SessionState State)
{
    public static readonly SessionCheckpoint Start = new(0, 0, SessionState.Empty);
}
