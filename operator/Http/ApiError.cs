using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SacOperator.Operator.Http;

/// <summary>
/// The body of every failed request: <c>{"error": "NotFound", "reason": "agent 'x' is not known"}</c>.
/// <c>error</c> is a stable word a script can switch on; <c>reason</c> is for people.
/// </summary>
public sealed record ApiError(string Error, string Reason)
{
    public JsonObject ToJson() => new() { ["error"] = Error, ["reason"] = Reason };

    public static IResult Result(int status, string reason) => HttpJson.Result(For(status, reason).ToJson(), status);

    public static Task WriteAsync(HttpContext context, int status, string reason) =>
        HttpJson.WriteAsync(context, For(status, reason).ToJson(), status);

    public static ApiError For(int status, string reason) => new(status switch
    {
        StatusCodes.Status400BadRequest => "BadRequest",
        StatusCodes.Status401Unauthorized => "Unauthorized",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status404NotFound => "NotFound",
        StatusCodes.Status405MethodNotAllowed => "MethodNotAllowed",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status503ServiceUnavailable => "Unavailable",
        _ => status >= 500 ? "InternalError" : "Error",
    }, reason);
}
