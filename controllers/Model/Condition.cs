namespace SacOperator.Model;

/// <summary>Shaped like Kubernetes <c>metav1.Condition</c>.</summary>
public sealed record Condition
{
    public required string Type { get; init; }

    /// <summary>"True", "False" or "Unknown".</summary>
    public required string Status { get; init; }

    /// <summary>CamelCase machine-readable reason for the last transition.</summary>
    public required string Reason { get; init; }

    public string Message { get; init; } = "";

    public DateTimeOffset LastTransitionTime { get; init; }

    public long ObservedGeneration { get; init; }
}
