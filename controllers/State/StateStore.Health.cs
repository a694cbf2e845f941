using Microsoft.Data.Sqlite;

namespace SacOperator.State;

/// <remarks>Whether the state DB can be relied on right now (readiness, and before acting on what it says).</remarks>
public sealed partial class StateStore
{
    /// <summary>True when a small write commits right now to the file that was opened (readiness).</summary>
    public bool IsWritable() => Probe() is null;

    /// <summary>
    /// A write the operator can rely on right now: the file at <see cref="Path"/> is still the one
    /// opened (not removed or replaced) and a small transaction commits. Returns the problem, or null.
    /// </summary>
    public string? Probe()
    {
        if (IsReplaced)
        {
            return $"state DB {Path} was removed or replaced while the operator was running";
        }

        try
        {
            Write(c => Execute(c, "INSERT INTO meta(key, value) VALUES ('probed_at', $v) ON CONFLICT(key) DO UPDATE SET value = $v", ("$v", Iso(_time.GetUtcNow()))));

            // The long-lived writer keeps writing into the WAL even after the main file was
            // overwritten, and the next checkpoint would mix the two: check the file's own header.
            return HasSqliteHeader(Path) ? null : $"state DB {Path} is not writable: the file is no longer a SQLite database (overwritten)";
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            return $"state DB {Path} is not writable: {e.Message}";
        }
    }

    /// <summary>
    /// Reads the file's header through a descriptor SQLite already has open. Opening and closing the
    /// file ourselves would drop every POSIX lock this process holds on it (fcntl locks belong to the
    /// process and inode), after which another process closing its connection believes it is the
    /// last one, checkpoints and deletes the WAL, and this process writes into an unlinked file.
    /// </summary>
    private static bool HasSqliteHeader(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(entry), out var fd) || Target(entry) != full)
            {
                continue;
            }

            var header = FileIdentity.ReadHeader(fd);
            if (header is not null && Target(entry) == full)
            {
                return header.AsSpan().SequenceEqual("SQLite format 3\0"u8);
            }
        }

        // No descriptor of ours on the file (nothing open yet): nothing to compare against.
        return true;
    }

    private static string? Target(string fdLink)
    {
        try
        {
            return new FileInfo(fdLink).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
