using System.Text.Json.Nodes;

namespace SacOperator.Kubernetes.Watching;

/// <summary>What a list-watch learned: the full set after a (re)list, or one object added, changed or deleted.</summary>
public sealed record ObjectChange(ObjectChangeType Type, IReadOnlyList<JsonObject> Objects)
{
    public static ObjectChange Replaced(IReadOnlyList<JsonObject> all) => new(ObjectChangeType.Replaced, all);

    public static ObjectChange Upserted(JsonObject one) => new(ObjectChangeType.Upserted, [one]);

    public static ObjectChange Deleted(JsonObject one) => new(ObjectChangeType.Deleted, [one]);

    public static readonly ObjectChange Bookmarked = new(ObjectChangeType.Bookmarked, []);
}
