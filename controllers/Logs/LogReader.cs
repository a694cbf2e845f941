using Microsoft.Win32.SafeHandles;

namespace SacOperator.Logs;

/// <summary>
/// An agent's retained output as one byte stream: the rotated generations oldest first, then the
/// live file. All are opened together, so a rotation while reading renames nothing under the
/// reader; only the live file's start can move (a cut during a read may repeat or skip output
/// at the cut). Reads touch only what is printed: the last lines of a huge file are found by
/// reading backwards from its end.
/// </summary>
public sealed class LogReader : IDisposable
{
    private const int Block = 64 * 1024;

    private readonly List<SafeFileHandle> _files;
    private readonly string _live;

    private LogReader(string live, List<SafeFileHandle> files, LogFollower.Mark mark)
    {
        _live = live;
        _files = files;
        Opened = mark;
    }

    /// <summary>The live file's start and <c>.1</c> as they were when this reader opened them.</summary>
    internal LogFollower.Mark Opened { get; }

    /// <exception cref="FileNotFoundException">The live file does not exist.</exception>
    public static LogReader Open(string live)
    {
        var files = new List<SafeFileHandle>();
        try
        {
            var liveHandle = File.OpenHandle(live, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            // Marked before the generations are opened: a rotation after this point is seen by a follower.
            var mark = LogFollower.Mark.Take(live, liveHandle);
            foreach (var path in LogGenerations.Files(live).Where(p => p != live))
            {
                try
                {
                    files.Add(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
                }
                catch (FileNotFoundException)
                {
                    // Dropped by a rotation since it was listed.
                }
            }

            files.Add(liveHandle);
            return new LogReader(live, files, mark);
        }
        catch
        {
            files.ForEach(f => f.Dispose());
            throw;
        }
    }

    /// <summary>Where the last <paramref name="lines"/> lines start; an unterminated last line counts as a line.</summary>
    public (int File, long Offset) TailStart(int lines)
    {
        if (lines <= 0)
        {
            return (_files.Count - 1, RandomAccess.GetLength(_files[^1]));
        }

        var buffer = new byte[Block];
        var last = true;
        var seen = 0;
        for (var f = _files.Count - 1; f >= 0; f--)
        {
            for (var end = RandomAccess.GetLength(_files[f]); end > 0;)
            {
                var n = (int)Math.Min(Block, end);
                end -= n;
                n = ReadAt(_files[f], buffer.AsSpan(0, n), end);
                for (var i = n - 1; i >= 0; i--)
                {
                    if (buffer[i] != (byte)'\n')
                    {
                        last = false;
                    }
                    else if (last)
                    {
                        // The newline that ends the stream ends the last line; it does not start one.
                        last = false;
                    }
                    else if (++seen == lines)
                    {
                        return (f, end + i + 1);
                    }
                }
            }
        }

        return (0, 0);
    }

    /// <summary>Writes everything from <paramref name="start"/> to the current end; returns the live file's offset reached.</summary>
    public long CopyTo((int File, long Offset) start, Stream output)
    {
        var buffer = new byte[Block];
        long offset = 0;
        for (var f = start.File; f < _files.Count; f++)
        {
            offset = f == start.File ? start.Offset : 0;
            for (int n; (n = RandomAccess.Read(_files[f], buffer, offset)) > 0; offset += n)
            {
                output.Write(buffer, 0, n);
            }
        }

        return offset;
    }

    /// <summary>Keeps reading the live file from <paramref name="offset"/>, across rotations; the follower takes over the live handle.</summary>
    public LogFollower Follow(long offset)
    {
        var live = _files[^1];
        _files.RemoveAt(_files.Count - 1);
        return new LogFollower(_live, live, offset, Opened);
    }

    public void Dispose() => _files.ForEach(f => f.Dispose());

    private static int ReadAt(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = RandomAccess.Read(file, buffer[read..], offset + read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read;
    }
}
