namespace SacOperator.Processes;

/// <summary>
/// Directories (0700) and files (0600) only their owner can open: the operator home, agent runtime
/// directories, agent output and state (session logs, stderr, the stdin FIFO, pid, instance.json,
/// the state DB). On a shared HPC host another local user must not read an agent's conversation or
/// the credentials in its environment. Modes are set at creation, never briefly wider, and an entry
/// an older version left readable by others is tightened when next used.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates the directory and any missing parents as 0700; an existing one loses group and other access.</summary>
    public static void EnsureDirectory(string path)
    {
        CreateDirectory(path);
        Tighten(path);
    }

    /// <summary>Creates the directory and any missing parents as 0700, leaving an existing one as it is (a directory the user made).</summary>
    public static void CreateDirectory(string path)
    {
        // Directory.CreateDirectory applies the mode to the last level only.
        var missing = new Stack<string>();
        for (var dir = Path.GetFullPath(path); !Directory.Exists(dir); dir = Path.GetDirectoryName(dir)!)
        {
            missing.Push(dir);
        }

        foreach (var dir in missing)
        {
            Directory.CreateDirectory(dir, OwnerOnlyDirectory);
        }
    }

    /// <summary>
    /// Takes group and other access away from an existing file, FIFO or directory; nothing when it
    /// is absent. An entry of another user (chmod is refused) is left alone: it is theirs to protect.
    /// </summary>
    public static void Tighten(string path)
    {
        try
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & GroupOrOther) != 0)
            {
                File.SetUnixFileMode(path, mode & ~GroupOrOther);
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Replaces a file's content; a new file is created 0600, an existing one is tightened first.</summary>
    public static void WriteAllText(string path, string text)
    {
        Tighten(path);
        using var writer = new StreamWriter(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile });
        writer.Write(text);
    }

    /// <summary>
    /// Readies an SQLite database path: its directory 0700, the database file 0600 (created empty
    /// when missing, which SQLite reads as an empty database), and existing <c>-wal</c>/<c>-shm</c>
    /// files tightened. SQLite creates its <c>-wal</c> and <c>-shm</c> files with the database file's
    /// mode, so they are 0600 too.
    /// </summary>
    public static void EnsureDatabase(string path)
    {
        var full = Path.GetFullPath(path);
        EnsureDirectory(Path.GetDirectoryName(full)!);
        if (!File.Exists(full))
        {
            try
            {
                using (new FileStream(full, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile }))
                {
                }
            }
            catch (IOException) when (File.Exists(full))
            {
                // Created by another process meanwhile: tightened below like any existing file.
            }
        }

        foreach (var file in new[] { full, full + "-wal", full + "-shm", full + "-journal" })
        {
            Tighten(file);
        }
    }
}
