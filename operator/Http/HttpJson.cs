using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SacOperator.Operator.Http;

/// <summary>JSON responses: bodies are built as JSON nodes in the model's shape and written as they are.</summary>
public static class HttpJson
{
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>Escapes only what JSON requires: bodies are data for clients, never embedded in HTML.</summary>
    public static readonly JsonSerializerOptions Writing = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResult Result(JsonNode body, int status = StatusCodes.Status200OK) =>
        Results.Text(body.ToJsonString(Writing), ContentType, Encoding.UTF8, status);

    public static Task WriteAsync(HttpContext context, JsonNode body, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        return context.Response.WriteAsync(body.ToJsonString(Writing), context.RequestAborted);
    }

    /// <summary>A Kubernetes-style list: <c>{"apiVersion": "v1", "kind": "List", "items": [...]}</c>.</summary>
    public static JsonObject List(IEnumerable<JsonNode?> items) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "List",
        ["items"] = new JsonArray([.. items]),
    };
}
