using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SacOperator.State;

namespace SacOperator.Operator.Hosting;

/// <summary>
/// Probes the state DB on a short period (a small committed write, and the file still being the
/// one opened) so that readiness reflects it without a request ever waiting on SQLite's busy
/// timeout. A DB removed or replaced under the running operator would swallow every later write,
/// so the operator stops with exit code 1 and the reason instead: agents keep running, and the next
/// start builds a new DB and adopts them by their launch markers.
/// </summary>
public sealed partial class StateMonitor(StateStore state, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<StateMonitor> logger)
    : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    private volatile string? _problem;

    /// <summary>Null while the DB takes writes; else what is wrong.</summary>
    public string? Problem => _problem;

    /// <summary>Set when the operator stopped because its DB was lost.</summary>
    public string? Lost { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        while (ProbeOnce() && await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
        }
    }

    /// <summary>One probe; false when the DB is lost and the operator is stopping.</summary>
    public bool ProbeOnce()
    {
        var problem = state.Probe();
        if (problem != _problem)
        {
            if (problem is null)
            {
                LogRecovered(logger, state.Path);
            }
            else
            {
                LogProblem(logger, problem);
            }
        }

        _problem = problem;
        if (!state.IsReplaced)
        {
            return true;
        }

        Lost = $"{problem}; restart sacop: running agents are adopted into a new state DB";
        LogLost(logger, Lost);
        lifetime.StopApplication();
        return false;
    }

    [LoggerMessage(6001, LogLevel.Error, "{Problem}; not ready until it takes writes again (agents are not started meanwhile)")]
    private static partial void LogProblem(ILogger logger, string problem);

    [LoggerMessage(6002, LogLevel.Information, "state DB {Path} takes writes again")]
    private static partial void LogRecovered(ILogger logger, string path);

    [LoggerMessage(6003, LogLevel.Critical, "{Reason}")]
    private static partial void LogLost(ILogger logger, string reason);
}
