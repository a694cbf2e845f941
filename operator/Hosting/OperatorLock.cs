using SacOperator.Processes;

namespace SacOperator.Operator.Hosting;

/// <summary>
/// One operator per home: two would both start every agent. An exclusive advisory lock
/// (flock, taken by .NET for <see cref="FileShare.None"/>) on <c>&lt;home&gt;/sacop.lock</c> enforces
/// it; the kernel releases it when the process dies, even by SIGKILL. The holder's pid is kept
/// beside it in <c>sacop.pid</c> for messages.
/// </summary>
public sealed class OperatorLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _pidFile;

    private OperatorLock(FileStream stream, string pidFile)
    {
        _stream = stream;
        _pidFile = pidFile;
    }

    /// <summary>Takes the lock, or returns null with the holder's pid when another operator has it.</summary>
    public static OperatorLock? TryAcquire(string home, out string? holder)
    {
        // The home holds agent output, state and the API token: owner-only (0700), tightened if an older version left it open.
        PrivateFiles.EnsureDirectory(home);
        try
        {
            var stream = new FileStream(Path.Combine(home, "sacop.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            var pidFile = Path.Combine(home, "sacop.pid");
            PrivateFiles.WriteAllText(pidFile, Environment.ProcessId + "\n");
            holder = null;
            return new OperatorLock(stream, pidFile);
        }
        catch (IOException)
        {
            holder = ReadHolder(home);
            return null;
        }
    }

    /// <summary>True when a live operator holds <paramref name="home"/>.</summary>
    public static bool IsHeld(string home)
    {
        var path = Path.Combine(home, "sacop.lock");
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public static string? ReadHolder(string home)
    {
        try
        {
            return File.ReadAllText(Path.Combine(home, "sacop.pid")).Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_pidFile);
        }
        catch (IOException)
        {
        }

        _stream.Dispose();
    }
}
