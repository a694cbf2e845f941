namespace SacOperator.Kubernetes.Watching;

public enum ObjectChangeType
{
    /// <summary>A full list: objects not in it are gone.</summary>
    Replaced,

    Upserted,

    Deleted,

    /// <summary>A bookmark: everything up to <see cref="ListWatcher.ResourceVersion"/> has been seen (no objects).</summary>
    Bookmarked,
}
