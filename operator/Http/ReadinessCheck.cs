using Microsoft.Extensions.Hosting;
using SacOperator.Engine;
using SacOperator.Operator.Hosting;
using SacOperator.State;
using SacOperator.Stores;

namespace SacOperator.Operator.Http;

/// <summary>
/// Ready means: every store finished its initial sync and still sees all of its source (a watched
/// directory that is gone does not), every controller runs its workers, the state DB takes a
/// write transaction, and the operator is not shutting down. Until then status and the API could
/// describe a partial picture, so <c>/readyz</c> answers 503 with the reason.
/// </summary>
public sealed class ReadinessCheck(
    IEnumerable<IResourceStore> stores,
    IEnumerable<IHostedService> hosted,
    StateStore state,
    StateMonitor monitor,
    IHostApplicationLifetime lifetime)
{
    private readonly IReadOnlyList<IResourceStore> _stores = [.. stores];
    private readonly IReadOnlyList<Controller> _controllers = [.. hosted.OfType<Controller>()];

    public ReadinessReport Check()
    {
        var items = new List<ReadinessItem>();
        foreach (var store in _stores)
        {
            items.Add(store.NotSyncedReason is { } reason
                ? new ReadinessItem($"store/{store.Name}", false, reason)
                : new ReadinessItem($"store/{store.Name}", true, "synced"));
        }

        foreach (var controller in _controllers)
        {
            items.Add(controller.IsStarted
                ? new ReadinessItem($"controller/{controller.Name}", true, "workers running")
                : new ReadinessItem($"controller/{controller.Name}", false, $"{controller.Name} controller has not started"));
        }

        items.Add(monitor.Problem is { } problem
            ? new ReadinessItem("state", false, problem)
            : new ReadinessItem("state", true, $"state DB {state.Path} takes writes"));
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            items.Add(new ReadinessItem("lifetime", false, "the operator is shutting down"));
        }

        return new ReadinessReport(items);
    }
}
