using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace SacOperator.Logs;

/// <summary>
/// Rotates an agent's output file while the agent keeps writing to it (its stdout and stderr are
/// the files themselves, opened with O_APPEND; it is never restarted for this). The start of the
/// live file is copied to a new <c>.1</c> (older generations move up), then removed from the live
/// file in place with <c>fallocate(FALLOC_FL_COLLAPSE_RANGE)</c>: the kernel shifts the rest down
/// under the inode lock, so whatever the agent appends meanwhile stays, and nothing is lost or
/// repeated. Where the file system cannot collapse (tmpfs, NFS, btrfs) the rest is copied as well
/// and the file truncated; output written between the last read and the truncation is lost.
/// A journal makes each rotation safe against the operator dying at any instant (see
/// <see cref="RotationJournal"/>).
/// </summary>
public sealed partial class LogRotator(LogRotationOptions options, ILogger<LogRotator> logger)
{
    private const int CopyBuffer = 1 << 20;
    private const int FingerprintWindow = 4096;

    private readonly ConcurrentDictionary<string, Lock> _locks = new(StringComparer.Ordinal);

    /// <summary>Files whose journal was looked for since this operator started (a journal is only left by a crash).</summary>
    private readonly ConcurrentDictionary<string, byte> _recovered = new(StringComparer.Ordinal);

    public LogRotationOptions Options => options;

    /// <summary>Called after each durable step of a rotation, by name; tests throw from it to stop there as a crash would.</summary>
    internal Action<string>? OnStep { get; set; }

    /// <summary>
    /// Rotates <paramref name="live"/> if it has reached <see cref="LogRotationOptions.MaxBytes"/>,
    /// after finishing a rotation a crash interrupted. Costs one stat when there is nothing to do.
    /// </summary>
    /// <exception cref="IOException">The file system failed; the file is left whole (a journal, if any, is retried next time).</exception>
    public RotationOutcome RotateIfNeeded(string live)
    {
        var size = Size(live);
        var checkedBefore = _recovered.ContainsKey(live);
        if (size < options.MaxBytes && checkedBefore)
        {
            return RotationOutcome.None;
        }

        lock (_locks.GetOrAdd(live, _ => new Lock()))
        {
            try
            {
                Recover(live);
                _recovered.TryAdd(live, 0);
                return Size(live) >= options.MaxBytes ? Rotate(live) : RotationOutcome.None;
            }
            catch
            {
                // A journal this left behind is finished by the next call, whatever the size then.
                _recovered.TryRemove(live, out _);
                throw;
            }
        }
    }

    /// <summary>
    /// As <see cref="RotateIfNeeded"/>, logging a file system failure instead of throwing it: for the
    /// periodic check and before an agent starts, where a log that cannot be rotated must not stop anything.
    /// </summary>
    public RotationOutcome? TryRotate(string live)
    {
        try
        {
            return RotateIfNeeded(live);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogFailed(logger, live, e.Message);
            return null;
        }
    }

    private RotationOutcome Rotate(string live)
    {
        using var file = File.OpenHandle(live, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        var size = RandomAccess.GetLength(file);
        var block = LogFileCalls.BlockSize(file);
        var top = (size - 1) / block * block;
        if (top < block)
        {
            return RotationOutcome.None;
        }

        var next = LogGenerations.NextPath(live);
        var lineEnd = CopyStart(file, next, top, block);
        if (Choose(file, size, top, block, lineEnd) is not { } journal)
        {
            File.Delete(next);
            LogSkipped(logger, live);
            return RotationOutcome.Skipped;
        }

        using (var copy = File.OpenHandle(next, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.SetLength(copy, journal.Cut);
            RandomAccess.FlushToDisk(copy);
        }

        OnStep?.Invoke("copied");
        // From here on the journal decides: an operator that dies now finishes this rotation next time.
        journal.Write(RotationJournal.PathFor(live));
        OnStep?.Invoke("journaled");
        LogGenerations.Shift(live, options.MaxFiles, next, OnStep);
        OnStep?.Invoke("shifted");
        var outcome = Cut(file, live, journal.Cut, OnStep);
        OnStep?.Invoke("cut");
        File.Delete(RotationJournal.PathFor(live));
        LogRotated(logger, live, journal.Cut, outcome);
        return outcome;
    }

    /// <summary>Copies the first <paramref name="length"/> bytes to <paramref name="next"/>; returns the last block boundary that ends a line (0: none).</summary>
    private static long CopyStart(SafeFileHandle file, string next, long length, long block)
    {
        var buffer = new byte[CopyBuffer];
        long lineEnd = 0;
        using var copy = new FileStream(next, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        for (long offset = 0; offset < length;)
        {
            var n = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - offset)), offset);
            if (n == 0)
            {
                throw new IOException($"{next}: the live file ended at {offset} bytes while being copied");
            }

            copy.Write(buffer, 0, n);
            // Block boundaries inside this chunk whose preceding byte ends a line.
            for (var boundary = (offset / block + 1) * block; boundary <= offset + n; boundary += block)
            {
                if (buffer[boundary - offset - 1] == (byte)'\n')
                {
                    lineEnd = boundary;
                }
            }

            offset += n;
        }

        return lineEnd;
    }

    /// <summary>
    /// The cut: on a line end when one is in the upper half of the copy, else the last whole block
    /// (the line across it continues in the live file). Only cuts after which the live file starts
    /// differently are taken, so recovery can tell whether the cut happened.
    /// </summary>
    private static RotationJournal? Choose(SafeFileHandle file, long size, long top, long block, long lineEnd)
    {
        var candidates = new List<long>();
        if (lineEnd >= top / 2 && lineEnd > 0)
        {
            candidates.Add(lineEnd);
        }

        for (var cut = top; cut >= Math.Max(block, top / 2) && candidates.Count < 16; cut -= block)
        {
            candidates.Add(cut);
        }

        foreach (var cut in candidates)
        {
            var window = (int)Math.Min(FingerprintWindow, size - cut);
            var before = RotationJournal.Hash(file, 0, window);
            var after = RotationJournal.Hash(file, cut, window);
            if (before is not null && after is not null && before != after)
            {
                return new RotationJournal { Cut = cut, Window = window, Before = before, After = after };
            }
        }

        return null;
    }

    /// <summary>Removes the first <paramref name="cut"/> bytes (already in <c>.1</c>) from the live file.</summary>
    private static RotationOutcome Cut(SafeFileHandle file, string live, long cut, Action<string>? step)
    {
        if (LogFileCalls.TryCollapseStart(file, cut))
        {
            return RotationOutcome.Collapsed;
        }

        // No collapse here: append what followed the cut to .1 and empty the live file right after
        // the last read, leaving only a few microseconds in which output is lost.
        var buffer = new byte[CopyBuffer];
        using var first = new FileStream(LogGenerations.PathOf(live, 1), FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        // .1 is a copy of the live file's start; after a crash part-way through this loop it already holds more than the cut.
        var offset = Math.Max(cut, first.Length);
        for (int n; (n = RandomAccess.Read(file, buffer, offset)) > 0; offset += n)
        {
            first.Write(buffer, 0, n);
        }

        step?.Invoke("appended");
        RandomAccess.SetLength(file, 0);
        first.Flush(flushToDisk: true);
        return RotationOutcome.CopiedAndTruncated;
    }

    private static long Size(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }

    [LoggerMessage(7101, LogLevel.Information, "rotated {Path}: moved its first {Bytes} bytes to .1 ({Outcome})")]
    private static partial void LogRotated(ILogger logger, string path, long bytes, RotationOutcome outcome);

    [LoggerMessage(7104, LogLevel.Warning, "cannot rotate {Path}: {Error}")]
    private static partial void LogFailed(ILogger logger, string path, string error);

    [LoggerMessage(7102, LogLevel.Warning, "{Path} was not rotated: its output repeats itself so exactly that no cut could be told apart after a crash")]
    private static partial void LogSkipped(ILogger logger, string path);
}
