using System.Text;
using SacOperator.Logs;

namespace SacOperator.Sessions;

/// <summary>
/// Reads an agent's <c>session.jsonl</c> incrementally (across rotations, through
/// <see cref="LogFollower"/>) and folds each line once its newline has arrived; a partial last line
/// waits for the rest. <see cref="Offset"/> is the end of the last folded line in the live file, so a
/// follower reopened at that offset with the same <see cref="State"/> counts nothing twice (as long as
/// the file was not rotated while nobody followed it).
/// </summary>
public sealed class SessionFollower : IDisposable
{
    private readonly LogFollower _follower;
    private readonly MemoryStream _pending = new();

    private SessionFollower(LogFollower follower, SessionState state)
    {
        _follower = follower;
        State = state;
    }

    public SessionState State { get; private set; }

    /// <summary>Offset in the live file just past the last line folded.</summary>
    public long Offset => Math.Max(0, _follower.Position - _pending.Length);

    /// <summary>The generation stamp <see cref="Offset"/> refers to (see <see cref="SessionCheckpoint"/>).</summary>
    public long Generation => _follower.FirstGenerationStamp;

    /// <summary>Where a follower reopened later resumes, so that nothing is folded twice.</summary>
    public SessionCheckpoint Checkpoint => new(Generation, Offset, State);

    /// <exception cref="FileNotFoundException">The live file does not exist.</exception>
    public static SessionFollower Open(string live, SessionState state, long offset)
    {
        using var reader = LogReader.Open(live);
        return new SessionFollower(reader.Follow(offset), state);
    }

    /// <summary>
    /// Resumes after <paramref name="checkpoint"/>, reading first what rotations since it moved out of
    /// the live file (<see cref="SessionResume"/>). A line cut by such a rotation and not yet complete
    /// when the follower next records a checkpoint may be read as malformed after a later resume.
    /// </summary>
    /// <exception cref="FileNotFoundException">The live file does not exist.</exception>
    public static SessionFollower Resume(string live, SessionCheckpoint checkpoint)
    {
        var (carry, offset) = SessionResume.Plan(live, checkpoint);
        var follower = Open(live, checkpoint.State, offset);
        follower._pending.Write(carry);
        return follower;
    }

    /// <summary>Folds the lines completed since the last call; returns whether any was folded.</summary>
    public bool Poll(DateTimeOffset now)
    {
        _follower.Poll(_pending);
        var bytes = _pending.GetBuffer().AsSpan(0, (int)_pending.Length);
        var end = bytes.LastIndexOf((byte)'\n');
        if (end < 0)
        {
            return false;
        }

        var state = State;
        foreach (var line in Encoding.UTF8.GetString(bytes[..end]).Split('\n'))
        {
            state = SessionFold.Apply(state, line, now);
        }

        var rest = bytes[(end + 1)..].ToArray();
        _pending.SetLength(0);
        _pending.Write(rest);
        State = state;
        return true;
    }

    public void Dispose()
    {
        _follower.Dispose();
        _pending.Dispose();
    }
}
