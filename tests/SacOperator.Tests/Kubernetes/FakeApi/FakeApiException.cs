using System.Text.Json.Nodes;

namespace SacOperator.Tests.Kubernetes.FakeApi;

/// <summary>A refusal of the stand-in API server, answered as a <c>metav1.Status</c> like the real one.</summary>
public sealed class FakeApiException(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public static FakeApiException NotFound(FakeResourceType type, string name) =>
        new(404, "NotFound", $"{type.Plural}.{type.Group} \"{name}\" not found");

    public static FakeApiException Conflict(FakeResourceType type, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.Plural}.{type.Group} \"{name}\": the object has been modified; please apply your changes to the latest version and try again");

    public static FakeApiException AlreadyExists(FakeResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.Plural}.{type.Group} \"{name}\" already exists");

    public static FakeApiException Invalid(FakeResourceType type, string name, IEnumerable<string> causes) =>
        new(422, "Invalid", $"{type.Kind}.{type.Group} \"{name}\" is invalid: [{string.Join(", ", causes)}]");

    public static FakeApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static FakeApiException Expired(string message) => new(410, "Expired", message);

    public JsonObject ToStatus() => Status(Code, Reason, Message);

    public static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };
}
