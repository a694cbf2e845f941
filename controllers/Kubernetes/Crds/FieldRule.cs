namespace SacOperator.Kubernetes.Crds;

/// <summary>Validation the model's types cannot express: what the readers check beyond the type.</summary>
public sealed record FieldRule
{
    public IReadOnlyList<string>? Enum { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    /// <summary>A number or a string (durations such as <c>30s</c>, quantities such as <c>64Gi</c>).</summary>
    public bool IntOrString { get; init; }

    /// <summary>A map whose values are strings or objects (<c>env</c>: a value or <c>{valueFrom: {file: PATH}}</c>); the reader checks each.</summary>
    public bool StringOrObjectValues { get; init; }

    /// <summary>Not a field of its own: the model's JSON writes it inside another field (<c>envFiles</c> inside <c>env</c>).</summary>
    public bool Merged { get; init; }
}
