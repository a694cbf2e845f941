using SacOperator.Runtime;

namespace SacOperator.Images;

/// <summary>
/// The per-image build lock: an exclusive <c>flock</c> on <c>.build.lock</c>, held for the whole
/// build. The kernel drops it when its holder dies, so a lock left by a killed operator is never
/// mistaken for a running build; the file names the last holder only for people.
/// </summary>
public sealed class BuildLock : IDisposable
{
    private readonly FileStream _stream;

    private BuildLock(FileStream stream) => _stream = stream;

    /// <summary>Null when another process (or build) holds it.</summary>
    public static BuildLock? TryTake(ImageLayout layout)
    {
        // Created with the lock file inside at once, so an agent never sees the image's directory without it (and takes it for a sandbox).
        if (!Directory.Exists(layout.Root))
        {
            var fresh = layout.Root + $".new-{Environment.ProcessId}";
            Directory.CreateDirectory(fresh);
            File.WriteAllText(Path.Combine(fresh, Path.GetFileName(layout.LockPath)), "");
            try
            {
                Directory.Move(fresh, layout.Root);
            }
            catch (IOException)
            {
                Directory.Delete(fresh, recursive: true);
            }
        }

        try
        {
            // FileShare.None is an exclusive, non-blocking flock on Unix.
            var stream = new FileStream(layout.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            var holder = System.Text.Encoding.UTF8.GetBytes($"pid {Environment.ProcessId}\n");
            stream.Write(holder);
            stream.Flush();
            return new BuildLock(stream);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
