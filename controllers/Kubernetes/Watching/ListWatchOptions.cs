using SacOperator.Kubernetes.Api;

namespace SacOperator.Kubernetes.Watching;

public sealed record ListWatchOptions
{
    public required ApiResource Resource { get; init; }

    /// <summary>Watch one namespace; null watches all.</summary>
    public string? Namespace { get; init; }

    /// <summary>
    /// A watch that delivers nothing (not even a bookmark) for this long is re-opened: a half-open
    /// connection looks exactly like a quiet one, and servers send bookmarks about once a minute.
    /// </summary>
    public TimeSpan SilenceTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Each watch asks the server to end it after a time drawn from [this, 2 × this) — client-go's
    /// rule — so the watches of many operators do not all end (and relist) together.
    /// </summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    public int PageSize { get; init; } = 500;
}
