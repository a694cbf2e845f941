using SacOperator.Engine;
using SacOperator.Kubernetes.Leases;

namespace SacOperator.Operator.Hosting;

/// <summary>
/// One controller, registered the same way in directory and Kubernetes mode: its name, the kind
/// it reconciles, its workers, what feeds its queue and what reconciles a key. Adding a
/// controller is one of these plus one reconciler.
/// </summary>
public sealed record ControllerRegistration
{
    /// <summary>Unique per operator: the <c>controller</c> label of its metrics, its log scope and readiness item.</summary>
    public required string Name { get; init; }

    public required string Kind { get; init; }

    public int Workers { get; init; } = 1;

    /// <summary>Resolved when the controller is created; sources only enqueue keys.</summary>
    public required Func<IServiceProvider, IEnumerable<IEventSource>> Sources { get; init; }

    public required Func<IServiceProvider, IReconciler> Reconciler { get; init; }

    /// <summary>When set, workers start only once it opens (a Lease is held).</summary>
    public Gate? Gate { get; init; }
}
