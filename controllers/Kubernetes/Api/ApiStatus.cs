using System.Text.Json.Nodes;

namespace SacOperator.Kubernetes.Api;

/// <summary>A <c>metav1.Status</c>: how the API server reports failures, in responses and inside watch streams.</summary>
public sealed record ApiStatus
{
    public int Code { get; init; }

    /// <summary>Machine-readable: <c>NotFound</c>, <c>Conflict</c>, <c>Expired</c>, <c>Gone</c>, <c>Invalid</c>…</summary>
    public string Reason { get; init; } = "";

    public string Message { get; init; } = "";

    public static bool IsStatus(JsonObject node) => node["kind"]?.GetValue<string>() == "Status";

    public static ApiStatus From(JsonObject node) => new()
    {
        Code = node["code"] is JsonValue code && code.TryGetValue<int>(out var c) ? c : 0,
        Reason = node["reason"]?.GetValue<string>() ?? "",
        Message = node["message"]?.GetValue<string>() ?? "",
    };

    public override string ToString() => Reason.Length > 0 ? $"{Code} {Reason}: {Message}" : $"{Code}: {Message}";
}
