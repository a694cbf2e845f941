using System.Text.RegularExpressions;
using SacOperator.Processes;

namespace SacOperator.RemoteNodes;

/// <summary>
/// The per-launch start lock of the remote side: an exclusive <c>flock</c> on
/// <c>&lt;home&gt;/starting/&lt;launch id&gt;</c>, held by <c>sacop node start</c> from before the
/// spawn until its answer is printed. It outlives the ssh client that asked for the start (killed at
/// its deadline, or with the operator), so <c>observe</c> can tell "still starting" from "never
/// produced a process": only the latter may be started again. The kernel drops the lock when its
/// holder dies, so a file nobody holds is a start that ended or died, and is removed.
/// </summary>
public sealed partial class StartLock : IDisposable
{
    private const string Directory = "starting";

    private readonly FileStream _stream;
    private readonly string _path;

    private StartLock(FileStream stream, string path)
    {
        _stream = stream;
        _path = path;
    }

    /// <summary>
    /// Takes the lock of <paramref name="launchId"/>; an <see cref="IOException"/> when another
    /// process holds it (a start of that launch is already running: never two).
    /// </summary>
    public static StartLock Take(string home, string launchId)
    {
        var path = PathOf(home, launchId);
        PrivateFiles.EnsureDirectory(Path.GetDirectoryName(path)!);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // FileShare.None is an exclusive, non-blocking flock on Unix.
            var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                UnixCreateMode = PrivateFiles.OwnerOnlyFile,
            });

            // Between our open and our flock an observe may have found the file free and removed
            // it: a lock on an unlinked file guards nothing, so the path is opened again.
            if (File.Exists(path))
            {
                return new StartLock(stream, path);
            }

            stream.Dispose();
        }

        throw new IOException($"the start lock '{path}' keeps disappearing");
    }

    /// <summary>
    /// The launch ids whose start is in progress (their lock is held). A lock file nobody holds is
    /// removed: its start ended, or died before or after its spawn (then its process, if any, is
    /// listed by the scan that follows). Call this before scanning for processes, never after:
    /// a start that ends between the two is then seen as starting or by its process, never as neither.
    /// </summary>
    public static IReadOnlyList<string> InProgress(string home)
    {
        var directory = Path.Combine(home, Directory);
        if (!System.IO.Directory.Exists(directory))
        {
            return [];
        }

        var starting = new List<string>();
        foreach (var path in System.IO.Directory.EnumerateFiles(directory))
        {
            FileStream stale;
            try
            {
                stale = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (FileNotFoundException)
            {
                // Its start just ended.
                continue;
            }
            catch (IOException)
            {
                // Held by a running start (or unreadable: unknown is not "never started").
                starting.Add(Path.GetFileName(path));
                continue;
            }

            using (stale)
            {
                // Removed while held, so a start opening it meanwhile notices and opens the path anew.
                File.Delete(path);
            }
        }

        return starting;
    }

    /// <summary>Removes the file, then releases the lock (in this order: a released file is never left behind by a live start).</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(_path);
        }
        finally
        {
            _stream.Dispose();
        }
    }

    private static string PathOf(string home, string launchId) =>
        LaunchIdPattern().IsMatch(launchId)
            ? Path.Combine(home, Directory, launchId)
            : throw new ArgumentException($"not a launch id: '{launchId}'", nameof(launchId));

    [GeneratedRegex("^[0-9A-Za-z_-]{1,64}$")]
    private static partial Regex LaunchIdPattern();
}
