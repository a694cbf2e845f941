namespace SacOperator.Kubernetes.Api;

public sealed record ListOptions
{
    /// <summary>Objects per page; the list is read page by page with continue tokens.</summary>
    public int PageSize { get; init; } = 500;

    public string? FieldSelector { get; init; }

    public string? LabelSelector { get; init; }
}
