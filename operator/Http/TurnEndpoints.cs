using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SacOperator.Model;
using SacOperator.Operator.Turns;
using SacOperator.Parsing;
using SacOperator.State;

namespace SacOperator.Operator.Http;

/// <summary>
/// <c>POST /api/v1/agents/{name}/turns?wait=true&amp;timeout=120s</c> with <c>{"text": "…"}</c>:
/// a user turn for a running agent. 202 once written; with <c>wait</c>, 200 with the result
/// text and the whole result event, 504 when it does not come in time, 409 (with the phase)
/// when the agent is not running.
/// </summary>
public static class TurnEndpoints
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/agents/{name}/turns", async (HttpRequest request, StateStore state, TurnSender sender, string name,
            [FromQuery(Name = "namespace")] string? ns, string? wait, string? timeout, CancellationToken cancellationToken) =>
        {
            var key = ResourceKey.Agent(name, ns ?? "");
            if (state.GetResource(key) is null)
            {
                return ResourceEndpoints.NotFound(key);
            }

            var limit = DefaultTimeout;
            if (timeout is not null && (!DurationFormat.TryParse(timeout, out limit) || limit <= TimeSpan.Zero))
            {
                return ApiError.Result(StatusCodes.Status400BadRequest, $"timeout: '{timeout}' is not a positive duration such as 120s");
            }

            if (await ReadTextAsync(request, cancellationToken).ConfigureAwait(false) is not { } text)
            {
                return ApiError.Result(StatusCodes.Status400BadRequest, "the body must be a JSON object with a non-empty string field \"text\"");
            }

            var waiting = wait is "true" or "1";
            var outcome = await sender.SendAsync(key, text, waiting, limit, cancellationToken).ConfigureAwait(false);
            return outcome.State switch
            {
                TurnState.Enqueued => HttpJson.Result(Body(key, "enqueued"), StatusCodes.Status202Accepted),
                TurnState.Answered => HttpJson.Result(Answer(key, outcome)),
                TurnState.TimedOut => HttpJson.Result(Problem("Timeout", $"agent/{key.Name} gave no result within {DurationFormat.Format(limit)}; the turn may still complete", null), StatusCodes.Status504GatewayTimeout),
                _ => HttpJson.Result(Problem("Conflict", $"agent/{key.Name} is not running (phase {outcome.Phase})", outcome.Phase), StatusCodes.Status409Conflict),
            };
        });
    }

    private static async Task<string?> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            return body is JsonObject o && o["text"] is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject Body(ResourceKey key, string state)
    {
        var body = new JsonObject { ["kind"] = key.Kind, ["name"] = key.Name };
        if (key.Namespace.Length > 0)
        {
            body["namespace"] = key.Namespace;
        }

        body["state"] = state;
        return body;
    }

    private static JsonObject Answer(ResourceKey key, TurnOutcome outcome)
    {
        var body = Body(key, "answered");
        body["text"] = outcome.Text;
        body["result"] = outcome.Result!.DeepClone();
        return body;
    }

    private static JsonObject Problem(string error, string reason, string? phase)
    {
        var body = new JsonObject { ["error"] = error, ["reason"] = reason };
        if (phase is not null)
        {
            body["phase"] = phase;
        }

        return body;
    }
}
