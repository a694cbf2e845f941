using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace SacOperator.Processes;

/// <summary>
/// Notices process exits when they happen, at no idle cost: each watched process gets a pidfd
/// (pidfd_open(2), which works for processes that are not our children, such as agents adopted
/// after an operator restart) and one thread blocks in epoll_wait over all of them. Our own
/// children are reaped here with waitpid to learn their exit status. Where pidfds are not
/// available (old kernel, fd limit) <see cref="Watch"/> returns false and callers fall back to
/// periodic liveness checks.
/// </summary>
public sealed unsafe class ProcessExitWatcher : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<int, Registration> _byFd = new();
    private readonly ConcurrentDictionary<ProcessHandle, ProcessExit> _exits = new();
    private readonly int _epoll;
    private readonly int _wakeFd;
    private readonly Thread? _thread;
    private readonly int _eventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private volatile bool _disposed;

    public ProcessExitWatcher(TimeProvider time)
    {
        _time = time;
        _epoll = LibC.epoll_create1(LibC.EPOLL_CLOEXEC);
        _wakeFd = LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (_epoll < 0 || _wakeFd < 0 || !Add(_wakeFd))
        {
            Available = false;
            return;
        }

        Available = true;
        _thread = new Thread(Loop) { IsBackground = true, Name = "sac-exit-watcher" };
        _thread.Start();
    }

    /// <summary>False when epoll is unusable; every <see cref="Watch"/> then returns false.</summary>
    public bool Available { get; }

    public int WatchedCount => _byFd.Count;

    /// <summary>
    /// Calls <paramref name="onExit"/> (on the watcher thread) once <paramref name="process"/> exits.
    /// Returns false if the process cannot be watched; callers must then poll.
    /// </summary>
    /// <param name="isChild">Our own child: reaped here, and its exit status recorded.</param>
    public bool Watch(ProcessHandle process, bool isChild, Action<ProcessExit> onExit)
    {
        if (!Available || _disposed)
        {
            return false;
        }

        var fd = (int)LibC.syscall(LibC.SYS_pidfd_open, process.Pid, 0);
        if (fd < 0)
        {
            if (LibC.LastError == LibC.ESRCH)
            {
                Complete(new Registration(-1, process, isChild, onExit));
                return true;
            }

            return false;
        }

        // The pidfd pins the process; if the pid was already reused, this is someone else.
        if (ProcStat.Read(process.Pid) is not { } stat || stat.StartTicks != process.StartTicks)
        {
            LibC.close(fd);
            Complete(new Registration(-1, process, isChild, onExit));
            return true;
        }

        _byFd[fd] = new Registration(fd, process, isChild, onExit);
        if (!Add(fd))
        {
            _byFd.TryRemove(fd, out _);
            LibC.close(fd);
            return false;
        }

        return true;
    }

    /// <summary>The recorded exit of <paramref name="process"/>, if the watcher saw it; removed on read.</summary>
    public ProcessExit? TakeExit(ProcessHandle process) => _exits.TryRemove(process, out var exit) ? exit : null;

    public ProcessExit? PeekExit(ProcessHandle process) => _exits.GetValueOrDefault(process);

    /// <summary>Reaps <paramref name="process"/> if it is our exited child; used where no pidfd could be opened.</summary>
    public ProcessExit? TryReap(ProcessHandle process)
    {
        if (_exits.TryGetValue(process, out var known))
        {
            return known;
        }

        var rc = LibC.waitpid(process.Pid, out var status, LibC.WNOHANG);
        if (rc != process.Pid)
        {
            return null;
        }

        var exit = ProcessExit.FromWaitStatus(process, _time.GetUtcNow(), status);
        _exits[process] = exit;
        return exit;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (Available)
        {
            ulong one = 1;
            LibC.write(_wakeFd, (byte*)&one, sizeof(ulong));
            _thread?.Join(TimeSpan.FromSeconds(2));
        }

        foreach (var fd in _byFd.Keys)
        {
            LibC.close(fd);
        }

        if (_epoll >= 0)
        {
            LibC.close(_epoll);
        }

        if (_wakeFd >= 0)
        {
            LibC.close(_wakeFd);
        }
    }

    private bool Add(int fd)
    {
        var ev = stackalloc byte[16];
        *(uint*)ev = LibC.EPOLLIN;
        *(ulong*)(ev + (_eventSize == 12 ? 4 : 8)) = (ulong)fd;
        return LibC.epoll_ctl(_epoll, LibC.EPOLL_CTL_ADD, fd, ev) == 0;
    }

    private void Loop()
    {
        const int max = 64;
        var events = stackalloc byte[max * 16];
        while (!_disposed)
        {
            var n = LibC.epoll_wait(_epoll, events, max, -1);
            if (n < 0)
            {
                if (LibC.LastError == LibC.EINTR)
                {
                    continue;
                }

                return;
            }

            for (var i = 0; i < n; i++)
            {
                var fd = (int)*(ulong*)(events + (i * _eventSize) + (_eventSize == 12 ? 4 : 8));
                if (fd == _wakeFd)
                {
                    return;
                }

                if (_byFd.TryRemove(fd, out var registration))
                {
                    LibC.epoll_ctl(_epoll, LibC.EPOLL_CTL_DEL, fd, null);
                    LibC.close(fd);
                    Complete(registration);
                }
            }
        }
    }

    private void Complete(Registration registration)
    {
        var process = registration.Process;
        ProcessExit exit;
        if (registration.IsChild && LibC.waitpid(process.Pid, out var status, 0) == process.Pid)
        {
            exit = ProcessExit.FromWaitStatus(process, _time.GetUtcNow(), status);
        }
        else
        {
            exit = new ProcessExit(process, _time.GetUtcNow(), null, null);
        }

        _exits[process] = exit;
        try
        {
            registration.OnExit(exit);
        }
        catch (Exception)
        {
            // A failing callback must not stop exit notification for every other process.
        }
    }

    private sealed record Registration(int Fd, ProcessHandle Process, bool IsChild, Action<ProcessExit> OnExit);
}
