using Microsoft.Extensions.Hosting;
using SacOperator.Agents;
using SacOperator.Images;
using SacOperator.State;

namespace SacOperator.Operator.Hosting;

/// <summary>
/// Picks up restart, move (drain), image build and image rollout requests the CLI leaves in the state DB (the CLI works without the HTTP API).
/// One indexed query per second; nothing is written unless a request is there.
/// </summary>
public sealed class RequestPoller(StateStore state, RestartRequests restarts, PlacementMoves moves, TimeProvider time,
    ImageBuildRequests? imageBuilds = null, ImageRolloutRequests? imageRollouts = null) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (var request in state.TakeRequests())
            {
                if (request.Action is ActionRequest.Restart or ActionRequest.RestartNewSession)
                {
                    restarts.Request(request.Key, request.At, newSession: request.Action == ActionRequest.RestartNewSession);
                }
                else if (request.Action == "build")
                {
                    imageBuilds?.Request(request.Key, request.At);
                }
                else if (request.Action == "rollout")
                {
                    imageRollouts?.Request(request.Key, request.At);
                }
                else if (request.Action == "move")
                {
                    moves.Request(request.Key);
                }
            }
        }
    }
}
