using SacOperator.Model;
using SacOperator.Stores;

namespace SacOperator.Engine;

public sealed record ControllerOptions
{
    /// <summary>The kind this controller reconciles; also its name in logs and metrics (must be unique).</summary>
    public required string Kind { get; init; }

    /// <summary>Concurrent reconciles; one key is never reconciled by two workers at once.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>
    /// Changes of other kinds mapped to keys of this kind (an Image change re-enqueues the Agents
    /// that use it). Dependents are re-enqueued, never reconciled from another controller.
    /// </summary>
    public IReadOnlyList<DependentMapping> Dependents { get; init; } = [];
}

/// <param name="Kind">The other kind whose changes matter.</param>
/// <param name="Map">From a changed key of <paramref name="Kind"/> to the keys of this controller's kind to re-check.</param>
public sealed record DependentMapping(string Kind, Func<ResourceKey, ResourceSnapshot, IEnumerable<ResourceKey>> Map);
