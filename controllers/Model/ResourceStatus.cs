namespace SacOperator.Model;

/// <summary>Fields every kind's status carries.</summary>
public abstract record ResourceStatus
{
    public long ObservedGeneration { get; init; }

    public string Phase { get; init; } = "";

    public string? Reason { get; init; }

    public string? Message { get; init; }

    public IReadOnlyList<Condition> Conditions { get; init; } = [];
}
