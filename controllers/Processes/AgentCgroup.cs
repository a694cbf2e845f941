namespace SacOperator.Processes;

/// <summary>
/// One agent's cgroup: every process of its runs, including descendants that left the process
/// group with <c>setsid</c> (the agent enters it before its program runs, see
/// <see cref="SpawnRequest.Cgroup"/>). Every operation tolerates a cgroup that is gone.
/// </summary>
public sealed class AgentCgroup(string path)
{
    public string Path => path;

    /// <summary>Creates the cgroup if needed; false when it cannot be created.</summary>
    public bool Ensure()
    {
        try
        {
            Directory.CreateDirectory(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Pids in the cgroup now (empty when it does not exist).</summary>
    public IReadOnlyList<int> Pids()
    {
        try
        {
            return [.. File.ReadAllLines(Combine("cgroup.procs")).Select(l => int.TryParse(l, out var pid) ? pid : 0).Where(p => p > 0)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>True while any process is in the cgroup.</summary>
    public bool IsPopulated => Pids().Count > 0;

    /// <summary>Sends <paramref name="signal"/> to every member; returns how many were signalled.</summary>
    public int Signal(int signal)
    {
        var signalled = 0;
        foreach (var pid in Pids())
        {
            if (LibC.kill(pid, signal) == 0)
            {
                signalled++;
            }
        }

        return signalled;
    }

    /// <summary>
    /// SIGKILL to every member, including processes forked while it runs (the kernel's
    /// <c>cgroup.kill</c> where it exists, 5.14 and later; a signal per member otherwise).
    /// </summary>
    public void Kill()
    {
        try
        {
            File.WriteAllText(Combine("cgroup.kill"), "1");
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        Signal(LibC.SIGKILL);
    }

    /// <summary>Removes the cgroup when it is empty; false while processes remain in it.</summary>
    public bool TryRemove()
    {
        try
        {
            Directory.Delete(path);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private string Combine(string file) => System.IO.Path.Combine(path, file);
}
