using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SacOperator.Engine;
using SacOperator.Model;
using SacOperator.Processes;

namespace SacOperator.Nodes;

/// <summary>
/// Observes and signals agent processes. Every observed live process is watched for exit
/// (pidfd), whether we started it or adopted it after a restart; an exit re-enqueues its agent
/// at once through <paramref name="agents"/>. Signals go to the whole process group, and only
/// after the leader's identity (pid and start time) is confirmed, so a reused pid is never signalled.
/// </summary>
public sealed class ProcessTracker(ProcessExitWatcher watcher, [FromKeyedServices(ResourceKinds.Agent)] KeyChannel agents, TimeProvider time)
{
    private readonly ConcurrentDictionary<ProcessHandle, byte> _children = new();
    private readonly ConcurrentDictionary<ProcessHandle, ResourceKey> _watched = new();
    private readonly ConcurrentDictionary<ProcessHandle, byte> _announced = new();

    public int WatchedCount => _watched.Count;

    /// <summary>Registers a process this operator just started (its exit status will be known).</summary>
    public void AddChild(ResourceKey key, ProcessHandle process)
    {
        _children[process] = 0;
        EnsureWatched(key, process);
    }

    /// <summary>Current state of the recorded process; starts watching it if it is alive and unwatched.</summary>
    public ProcessObservation Observe(ResourceKey key, int? pid, long? startTicks)
    {
        if (pid is not { } p || startTicks is not { } ticks)
        {
            return ProcessObservation.NotStarted;
        }

        var handle = new ProcessHandle(p, ticks);
        if (watcher.PeekExit(handle) is { } exit)
        {
            return Exited(exit);
        }

        var stat = ProcStat.Read(p);
        if (stat is null || stat.Value.StartTicks != ticks)
        {
            // Gone (and, if it was our child, already reaped), or the pid now belongs to someone else.
            // Only ever reap our own child: the pid may now belong to another agent of ours.
            return _children.ContainsKey(handle) && watcher.TryReap(handle) is { } reaped
                ? Exited(reaped)
                : new ProcessObservation(ProcessStatus.Exited) { ExitedAt = time.GetUtcNow() };
        }

        if (stat.Value.IsZombie)
        {
            return _children.ContainsKey(handle) && watcher.TryReap(handle) is { } reaped
                ? Exited(reaped)
                : new ProcessObservation(ProcessStatus.Exited) { ExitedAt = time.GetUtcNow() };
        }

        var watched = EnsureWatched(key, handle);
        return new ProcessObservation(stat.Value.IsStopped ? ProcessStatus.Frozen : ProcessStatus.Running)
        {
            Detail = watched ? null : "not watched for exit (no pidfd); polling",
        };
    }

    /// <summary>Forgets an exit once it is recorded durably.</summary>
    public void Release(int? pid, long? startTicks)
    {
        if (pid is { } p && startTicks is { } t)
        {
            var handle = new ProcessHandle(p, t);
            watcher.TakeExit(handle);
            _children.TryRemove(handle, out _);
            _watched.TryRemove(handle, out _);
            _announced.TryRemove(handle, out _);
        }
    }

    /// <summary>True exactly once for a live process this operator did not start (an adopted one).</summary>
    public bool TryMarkAnnounced(ResourceKey key, int pid, long startTicks)
    {
        var handle = new ProcessHandle(pid, startTicks);
        return !_children.ContainsKey(handle) && _announced.TryAdd(handle, 0);
    }

    /// <summary>Sends <paramref name="signal"/> to the process group led by the recorded process, if it is still that process.</summary>
    public bool Signal(int pid, long startTicks, int signal)
    {
        var handle = new ProcessHandle(pid, startTicks);
        if (handle.Stat is not { } stat || stat.IsZombie)
        {
            return false;
        }

        // The agent leads its own process group (setsid); signal the group so helpers die with it.
        var target = stat.ProcessGroup == pid ? -pid : pid;
        return LibC.kill(target, signal) == 0;
    }

    private bool EnsureWatched(ResourceKey key, ProcessHandle handle)
    {
        if (_watched.ContainsKey(handle))
        {
            return true;
        }

        var isChild = _children.ContainsKey(handle);
        if (!watcher.Watch(handle, isChild, _ => agents.Enqueue(key)))
        {
            return false;
        }

        _watched[handle] = key;
        return true;
    }

    private static ProcessObservation Exited(ProcessExit exit) =>
        new(ProcessStatus.Exited) { ExitCode = exit.ExitCode, Signal = exit.Signal, ExitedAt = exit.At };
}
