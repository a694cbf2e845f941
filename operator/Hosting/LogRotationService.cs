using Microsoft.Extensions.Hosting;
using SacOperator.Agents;
using SacOperator.Logs;
using SacOperator.Runtime;

namespace SacOperator.Operator.Hosting;

/// <summary>
/// Every <see cref="LogRotationOptions.CheckPeriod"/>, rotates the <c>session.jsonl</c> and
/// <c>stderr.log</c> of each agent the operator knows that have reached the size limit. One stat
/// per file when nothing is due; a file that cannot be rotated is logged and tried again next time.
/// </summary>
public sealed class LogRotationService(
    FleetView fleet,
    LogRotator rotator,
    AgentControllerOptions agents,
    TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(rotator.Options.CheckPeriod, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (var (key, _) in fleet.Agents)
            {
                var paths = AgentPaths.For(agents.OperatorHome, key);
                rotator.TryRotate(paths.Session);
                rotator.TryRotate(paths.Stderr);
            }
        }
    }
}
