using SacOperator.Model;

namespace SacOperator.State;

/// <summary>A Kubernetes-style event; repeats of the same reason and message are counted, not duplicated.</summary>
public sealed record EventEntry
{
    public long Id { get; init; }

    public required ResourceKey Key { get; init; }

    /// <summary><c>Normal</c> or <c>Warning</c>.</summary>
    public required string Type { get; init; }

    public required string Reason { get; init; }

    public string Message { get; init; } = "";

    public DateTimeOffset FirstTimestamp { get; init; }

    public DateTimeOffset LastTimestamp { get; init; }

    public int Count { get; init; } = 1;
}
