using SacOperator.Processes;

namespace SacOperator.Nodes;

/// <summary>
/// Stops processes that must not run: strays of a launch that is not the agent, and what a finished
/// run left behind. SIGTERM first, SIGKILL to whatever still lives after the grace period; every
/// signal goes to a pid only while it still has the start time it was found with.
/// </summary>
public sealed class StrayReaper(TimeProvider time)
{
    /// <summary>Sends SIGTERM now and schedules SIGKILL; returns the pids signalled.</summary>
    public IReadOnlyList<int> Stop(IReadOnlyList<MarkedProcess> processes, TimeSpan grace)
    {
        var signalled = processes.Where(p => Send(p.Handle, LibC.SIGTERM)).ToList();
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
