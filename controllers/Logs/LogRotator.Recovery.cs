using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace SacOperator.Logs;

public sealed partial class LogRotator
{
    /// <summary>
    /// Finishes a rotation an operator crash interrupted, or discards a copy that was never
    /// committed. Every step re-checks the files, so a crash during recovery is recovered too.
    /// </summary>
    private void Recover(string live)
    {
        var journalPath = RotationJournal.PathFor(live);
        var next = LogGenerations.NextPath(live);
        if (!File.Exists(journalPath))
        {
            // A copy interrupted before its journal was written: the live file was not touched.
            // (File.Delete throws when the directory is missing, as it is for agents not started here.)
            foreach (var leftOver in new[] { next, journalPath + ".tmp" }.Where(File.Exists))
            {
                File.Delete(leftOver);
            }

            return;
        }

        var journal = RotationJournal.Read(journalPath);
        if (journal is not null)
        {
            if (File.Exists(next))
            {
                LogGenerations.Shift(live, options.MaxFiles, next);
            }

            if (File.Exists(live))
            {
                using var file = File.OpenHandle(live, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                if (RotationJournal.Hash(file, 0, journal.Window) == journal.Before
                    && StartsWith(file, LogGenerations.PathOf(live, 1), journal.Cut))
                {
                    // Not cut yet: the live file still starts with what .1 holds.
                    var outcome = Cut(file, live, journal.Cut, OnStep);
                    OnStep?.Invoke("recovered");
                    LogRecovered(logger, live, journal.Cut, outcome);
                }
            }
        }

        File.Delete(journalPath);
    }

    /// <summary>Whether the first <paramref name="length"/> bytes of <paramref name="file"/> are those of the file at <paramref name="copyPath"/>.</summary>
    private static bool StartsWith(SafeFileHandle file, string copyPath, long length)
    {
        if (!File.Exists(copyPath))
        {
            return false;
        }

        using var copy = File.OpenHandle(copyPath);
        if (RandomAccess.GetLength(copy) < length || RandomAccess.GetLength(file) < length)
        {
            return false;
        }

        var a = new byte[CopyBuffer];
        var b = new byte[CopyBuffer];
        for (long offset = 0; offset < length;)
        {
            var want = (int)Math.Min(CopyBuffer, length - offset);
            if (!ReadExactly(file, a.AsSpan(0, want), offset) || !ReadExactly(copy, b.AsSpan(0, want), offset)
                || !a.AsSpan(0, want).SequenceEqual(b.AsSpan(0, want)))
            {
                return false;
            }

            offset += want;
        }

        return true;
    }

    private static bool ReadExactly(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        for (var read = 0; read < buffer.Length;)
        {
            var n = RandomAccess.Read(file, buffer[read..], offset + read);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    [LoggerMessage(7103, LogLevel.Warning, "{Path}: finished a rotation an earlier operator left half done: moved its first {Bytes} bytes to .1 ({Outcome})")]
    private static partial void LogRecovered(ILogger logger, string path, long bytes, RotationOutcome outcome);
}
