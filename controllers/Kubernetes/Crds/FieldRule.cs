namespace SacOperator.Kubernetes.Crds;

/// <summary>Validation the model's types cannot express: what the readers check beyond the type.</summary>
public sealed record FieldRule
{
    public IReadOnlyList<string>? Enum { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    /// <summary>A number or a string (durations such as <c>30s</c>, quantities such as <c>64Gi</c>).</summary>
    public bool IntOrString { get; init; }
}
