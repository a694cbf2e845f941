namespace SacOperator.Model;

/// <summary>Shaped like Kubernetes <c>metav1.Condition</c>.</summary>
public sealed record Condition
{
    /// <summary>Condition type, such as Ready.</summary>
    public required string Type { get; init; }

    /// <summary>"True", "False" or "Unknown".</summary>
    public required string Status { get; init; }

    /// <summary>CamelCase machine-readable reason for the last transition.</summary>
    public required string Reason { get; init; }

    /// <summary>Human-readable details.</summary>
    public string Message { get; init; } = "";

    /// <summary>When status last changed.</summary>
    public DateTimeOffset LastTransitionTime { get; init; }

    /// <summary>The metadata.generation the condition was computed from.</summary>
    public long ObservedGeneration { get; init; }
}
