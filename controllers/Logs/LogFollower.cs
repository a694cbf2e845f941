using Microsoft.Win32.SafeHandles;

namespace SacOperator.Logs;

/// <summary>
/// Follows a live log file (<c>sacop logs -f</c>) across rotations. A rotation removes the start
/// of the live file (the inode stays; the rest moves down) and puts it in a new <c>.1</c>, so when
/// the file's first bytes change or it shrinks below the position read, the position moves back
/// by the size of the new <c>.1</c>, after printing what of <c>.1</c> was not printed yet. With the copy-and-truncate fallback the few bytes lost to
/// the truncation may shift that by as much, and a log rotated twice between two polls
/// (each 64 MiB by default) is not followed exactly.
/// </summary>
public sealed class LogFollower : IDisposable
{
    private const int AnchorBytes = 4096;

    private readonly string _live;
    private readonly SafeFileHandle _file;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private long _position;
    private Mark _mark;

    internal LogFollower(string live, SafeFileHandle file, long position, Mark mark)
    {
        _live = live;
        _file = file;
        _position = position;
        _mark = mark;
    }

    /// <summary>Offset in the live file up to which output has been written.</summary>
    public long Position => _position;

    /// <summary>
    /// The <c>.1</c> the position refers to, as a stamp (its modification time in ticks; 0 when there
    /// was none): a rotation makes a new <c>.1</c> and renames keep the stamp, so the generation a
    /// recorded position belongs to can be found again later (<see cref="GenerationStamp"/>).
    /// </summary>
    public long FirstGenerationStamp => _mark.First?.Modified.Ticks ?? 0;

    /// <summary>The stamp <see cref="FirstGenerationStamp"/> gives a generation file now (0 when it does not exist).</summary>
    public static long GenerationStamp(string path) => Generation.Of(path)?.Modified.Ticks ?? 0;

    /// <summary>Writes what the agent appended since the last call; returns the number of bytes written.</summary>
    public long Poll(Stream output)
    {
        long written = 0;
        var length = RandomAccess.GetLength(_file);
        var first = LogGenerations.PathOf(_live, 1);
        var generation = Generation.Of(first);

        // A new .1 is a rotation even when the live file's start still matches: a follower that has
        // printed nothing yet has an empty anchor, which every file matches.
        if (length < _position || !_mark.StartMatches(_file) || (generation is not null && generation != _mark.First))
        {
            if (generation is { } moved && moved != _mark.First)
            {
                // The cut may lie beyond what was printed: the rest of it is at the end of the new .1.
                written += _position < moved.Length ? CopyRest(first, _position, output) : 0;
                _position = Math.Max(0, _position - moved.Length);
            }
            else if (length < _position)
            {
                // Emptied by something other than a rotation: start over.
                _position = 0;
            }

            _mark = Mark.Take(_live, _file);
        }
        else if (_mark.Start.Length < AnchorBytes && length > _mark.Start.Length)
        {
            // The anchor grows with a young file, so a later rotation is told apart by its first 4 KiB.
            _mark = _mark with { Start = ReadStart(_file) };
        }

        for (int n; (n = RandomAccess.Read(_file, _buffer, _position)) > 0; _position += n)
        {
            output.Write(_buffer, 0, n);
            written += n;
        }

        return written;
    }

    public void Dispose() => _file.Dispose();

    private long CopyRest(string path, long offset, Stream output)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var start = offset;
        for (int n; (n = RandomAccess.Read(file, _buffer, offset)) > 0; offset += n)
        {
            output.Write(_buffer, 0, n);
        }

        return offset - start;
    }

    private static byte[] ReadStart(SafeFileHandle file)
    {
        var buffer = new byte[(int)Math.Min(AnchorBytes, RandomAccess.GetLength(file))];
        var read = 0;
        while (read < buffer.Length && RandomAccess.Read(file, buffer.AsSpan(read), read) is var n and > 0)
        {
            read += n;
        }

        return buffer[..read];
    }

    /// <summary>What a rotation changes: the live file's first bytes, and <c>.1</c>.</summary>
    internal sealed record Mark(byte[] Start, Generation? First)
    {
        public static Mark Take(string live, SafeFileHandle file) =>
            new(ReadStart(file), Generation.Of(LogGenerations.PathOf(live, 1)));

        public bool StartMatches(SafeFileHandle file)
        {
            var now = new byte[Start.Length];
            var read = 0;
            while (read < now.Length && RandomAccess.Read(file, now.AsSpan(read), read) is var n and > 0)
            {
                read += n;
            }

            return read == Start.Length && now.AsSpan().SequenceEqual(Start);
        }
    }

    /// <summary>A generation file as last seen; a rotation replaces <c>.1</c> with another file.</summary>
    internal sealed record Generation(long Length, DateTime Modified)
    {
        public static Generation? Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new Generation(info.Length, info.LastWriteTimeUtc) : null;
        }
    }
}
