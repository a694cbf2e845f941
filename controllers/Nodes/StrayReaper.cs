using System.Collections.Concurrent;
using SacOperator.Processes;

namespace SacOperator.Nodes;

/// <summary>
/// Stops processes that must not run: strays of a launch that is not the agent, and what a finished
/// run left behind. SIGTERM first, SIGKILL to whatever still lives after the grace period; every
/// signal goes to a pid only while it still has the start time it was found with.
/// </summary>
public sealed class StrayReaper(TimeProvider time)
{
    private readonly ConcurrentDictionary<ProcessHandle, MarkedProcess> _stopping = new();

    /// <summary>
    /// Strays of <paramref name="agent"/> that were signalled and still live. A new run waits for
    /// them: a stray may hold the agent's Claude Code session, which has one writer only.
    /// </summary>
    public IReadOnlyList<MarkedProcess> Stopping(string agent)
    {
        var alive = new List<MarkedProcess>();
        foreach (var (handle, process) in _stopping)
        {
            if (!handle.IsAlive)
            {
                _stopping.TryRemove(handle, out _);
            }
            else if (process.Marker.Agent == agent)
            {
                alive.Add(process);
            }
        }

        return alive;
    }

    /// <summary>Sends SIGTERM now and schedules SIGKILL; returns the pids signalled.</summary>
    public IReadOnlyList<int> Stop(IReadOnlyList<MarkedProcess> processes, TimeSpan grace)
    {
        var signalled = processes.Where(p => Send(p.Handle, LibC.SIGTERM)).ToList();
        foreach (var p in signalled)
        {
            _stopping[p.Handle] = p;
        }

        if (signalled.Count > 0)
        {
            // SIGCONT too: a frozen stray cannot act on SIGTERM.
            foreach (var p in signalled)
            {
                Send(p.Handle, LibC.SIGCONT);
            }

            ITimer? timer = null;
            timer = time.CreateTimer(_ =>
            {
                foreach (var p in signalled)
                {
                    Send(p.Handle, LibC.SIGKILL);
                }

                timer?.Dispose();
            }, null, grace, Timeout.InfiniteTimeSpan);
        }

        return [.. signalled.Select(p => p.Handle.Pid)];
    }

    /// <summary>Signals one process if it is still the one that was found.</summary>
    public static bool Send(ProcessHandle handle, int signal) => handle.IsAlive && LibC.kill(handle.Pid, signal) == 0;
}
