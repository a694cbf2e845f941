namespace SacOperator.Engine;

public sealed record ControllerOptions
{
    /// <summary>
    /// Unique among the controllers of one operator: the <c>controller</c> label of its metrics, its
    /// log scope and its readiness item. Separate from <see cref="Kind"/>: one process may run two
    /// controllers of a kind (this host's Agents, and cluster-wide placement of Agents).
    /// </summary>
    public required string Name { get; init; }

    /// <summary>The kind whose keys this controller reconciles (the <c>kind</c> label).</summary>
    public required string Kind { get; init; }

    /// <summary>Concurrent reconciles; one key is never reconciled by two workers at once.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>Everything that enqueues keys: the store of its kind, mapped changes of other kinds, channels, initial keys, a gate.</summary>
    public IReadOnlyList<IEventSource> Sources { get; init; } = [];
}
