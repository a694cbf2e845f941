using System.Text.Json.Nodes;
using SacOperator.Kubernetes.Api;
using SacOperator.Model;

namespace SacOperator.Kubernetes;

/// <summary>
/// The server-owned facts about one object as last seen (by the watch or in a write's answer):
/// what status writes and finalizer patches need, which the desired-state cache deliberately
/// ignores (a resourceVersion or status change alone must not re-enqueue anything).
/// </summary>
public sealed record ObservedObject
{
    public required ResourceKey Key { get; init; }

    public string? Uid { get; init; }

    public string? ResourceVersion { get; init; }

    public long Generation { get; init; }

    public IReadOnlyList<string> Finalizers { get; init; } = [];

    /// <summary>deletionTimestamp is set: finalizers hold the object until they are removed.</summary>
    public bool Deleting { get; init; }

    /// <summary>The status as the server has it; null when none was ever written.</summary>
    public JsonObject? Status { get; init; }

    /// <summary>An Agent's <c>spec.host</c> as written (read even when the rest of the spec is invalid).</summary>
    public string? SpecHost { get; init; }

    /// <summary>An Agent's <c>status.host</c>: where placement put it, or where it runs.</summary>
    public string? StatusHost { get; init; }

    /// <summary>The host an Agent is assigned to: <c>spec.host</c>, else <c>status.host</c>; null when unplaced.</summary>
    public string? AssignedHost => SpecHost is { Length: > 0 } ? SpecHost : StatusHost is { Length: > 0 } ? StatusHost : null;

    public static ResourceKey KeyOf(JsonObject obj) =>
        new(obj["kind"]?.GetValue<string>() ?? "", ObjectJson.Namespace(obj) ?? "", ObjectJson.Name(obj) ?? "");

    public static ObservedObject From(JsonObject obj) => new()
    {
        Key = KeyOf(obj),
        Uid = ObjectJson.Uid(obj),
        ResourceVersion = ObjectJson.ResourceVersion(obj),
        Generation = ObjectJson.Generation(obj),
        Finalizers = ObjectJson.Finalizers(obj),
        Deleting = ObjectJson.IsDeleting(obj),
        Status = obj["status"] is JsonObject status ? (JsonObject)status.DeepClone() : null,
        SpecHost = ObjectJson.String(obj, "spec.host"),
        StatusHost = ObjectJson.String(obj, "status.host"),
    };
}
