namespace SacOperator.Model;

/// <summary>Fields every kind's status carries.</summary>
public abstract record ResourceStatus
{
    /// <summary>The metadata.generation this status describes.</summary>
    public long ObservedGeneration { get; init; }

    /// <summary>One-word summary of the state.</summary>
    public string Phase { get; init; } = "";

    /// <summary>CamelCase reason for the phase.</summary>
    public string? Reason { get; init; }

    /// <summary>Human-readable details of the phase.</summary>
    public string? Message { get; init; }

    /// <summary>Detailed state, shaped like Kubernetes metav1.Condition.</summary>
    public IReadOnlyList<Condition> Conditions { get; init; } = [];
}
