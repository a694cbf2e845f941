namespace SacOperator.Kubernetes.Api;

public sealed record WatchOptions
{
    /// <summary>Resume after this version (from a list, a previous event or a bookmark).</summary>
    public string? ResourceVersion { get; init; }

    public bool AllowBookmarks { get; init; } = true;

    /// <summary>Asks the server to end the watch after this long (it does, cleanly); bounds a watch's lifetime server-side.</summary>
    public TimeSpan? Timeout { get; init; }

    public string? FieldSelector { get; init; }

    public string? LabelSelector { get; init; }
}
