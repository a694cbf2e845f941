namespace SacOperator.Kubernetes.Api;

/// <summary>The <c>type</c> of a watch event.</summary>
public static class WatchEventTypes
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";

    /// <summary>Carries only a newer resourceVersion to resume from; the object is otherwise empty.</summary>
    public const string Bookmark = "BOOKMARK";

    /// <summary>The object is a <see cref="ApiStatus"/>; 410 means the resourceVersion expired.</summary>
    public const string Error = "ERROR";
}
