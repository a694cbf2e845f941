using SacOperator.Homes;

namespace SacOperator.Stores;

/// <summary>
/// What a home layer directory looks like from its metadata alone: how many entries, how many
/// bytes, the newest modification time and a mix of every entry's name, size, time and mode
/// (so a chmod +x, a rename or a same-size edit shows). A different stamp means the sac specs that
/// inherit the layer must be read again (their content digest is what decides a restart); the
/// stamp never reads file content, so the periodic rescan stays cheap. Held in memory only: the
/// mix uses this process's string hashing.
/// </summary>
public readonly record struct HomeTreeStamp(long Entries, long Bytes, long NewestTicks, long Mix)
{
    /// <summary>A layer that is not on disk (sac copies nothing from it).</summary>
    public static readonly HomeTreeStamp Absent = new(-1, 0, 0, 0);

    /// <summary>A layer that could not be listed; differs from every listing, so the spec is read (and reports it) again.</summary>
    public static readonly HomeTreeStamp Unreadable = new(-2, 0, 0, 0);

    private const int MaxDepth = 32;

    private static readonly EnumerationOptions Everything = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
    };

    public static HomeTreeStamp Of(string directory)
    {
        var root = new DirectoryInfo(directory);
        if (!root.Exists)
        {
            return Absent;
        }

        try
        {
            var stamp = new HomeTreeStamp(0, 0, 0, 0).Add("", root);
            return stamp.Walk(root, "", 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Unreadable;
        }
    }

    private HomeTreeStamp Walk(DirectoryInfo directory, string prefix, int depth)
    {
        var stamp = this;
        foreach (var entry in directory.EnumerateFileSystemInfos("*", Everything))
        {
            var relative = prefix.Length == 0 ? entry.Name : $"{prefix}/{entry.Name}";
            var target = entry.LinkTarget is null ? entry : HomeTree.Follow(entry);
            if (target is null)
            {
                // Dangling: the link text is all there is to compare.
                stamp = stamp.Add(relative + "\0" + entry.LinkTarget, entry);
                continue;
            }

            stamp = stamp.Add(relative, target);
            if (target is DirectoryInfo child && depth < MaxDepth)
            {
                stamp = stamp.Walk(child, relative, depth + 1);
            }
        }

        return stamp;
    }

    private HomeTreeStamp Add(string relative, FileSystemInfo info)
    {
        var length = info is FileInfo file ? file.Length : 0;
        var ticks = info.LastWriteTimeUtc.Ticks;
        var mode = OperatingSystem.IsWindows() ? 0 : (int)info.UnixFileMode;
        var mix = ((long)HashCode.Combine(relative, length, ticks, mode) << 32) ^ (uint)HashCode.Combine(mode, ticks, relative);
        return new HomeTreeStamp(Entries + 1, Bytes + length, Math.Max(NewestTicks, ticks), unchecked(Mix + mix));
    }
}
