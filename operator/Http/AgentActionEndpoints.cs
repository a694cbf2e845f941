using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SacOperator.Agents;
using SacOperator.Model;
using SacOperator.Operator.Cli;
using SacOperator.State;

namespace SacOperator.Operator.Http;

/// <summary>
/// <c>POST /api/v1/agents/{name}/restart|suspend|resume|stop|start</c>. Restart goes straight to
/// the reconciler's restart requests (no DB round trip); the others edit the spec file as
/// <c>sacop suspend|resume|stop|start</c> do, or answer 409 saying why they cannot.
/// </summary>
public static class AgentActionEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/agents/{name}/restart", (StateStore state, RestartRequests restarts, TimeProvider time, string name,
            [FromQuery(Name = "namespace")] string? ns, [FromQuery(Name = "newSession")] string? newSession) =>
        {
            var key = ResourceKey.Agent(name, ns ?? "");
            if (state.GetResource(key) is null)
            {
                return ResourceEndpoints.NotFound(key);
            }

            var at = time.GetUtcNow();
            if (newSession is not (null or "true" or "false"))
            {
                return ApiError.Result(StatusCodes.Status400BadRequest, $"newSession: '{newSession}' must be true or false");
            }

            restarts.Request(key, at, newSession: newSession == "true");
            return HttpJson.Result(Outcome(key, "restart", "requestedAt", StateStore.Iso(at)), StatusCodes.Status202Accepted);
        });

        foreach (var toggle in SpecToggle.All)
        {
            api.MapPost($"/agents/{{name}}/{toggle.Verb}", (StateStore state, string name, [FromQuery(Name = "namespace")] string? ns) =>
                Toggle(state, ResourceKey.Agent(name, ns ?? ""), toggle));
        }
    }

    private static IResult Toggle(StateStore state, ResourceKey key, SpecToggle toggle)
    {
        if (state.GetResource(key) is not { } row)
        {
            return ResourceEndpoints.NotFound(key);
        }

        var (file, problem) = SpecSuspension.Apply(row, toggle);
        return file is not null
            ? HttpJson.Result(Outcome(key, toggle.Verb, "file", file))
            : ApiError.Result(StatusCodes.Status409Conflict, problem!);
    }

    private static JsonObject Outcome(ResourceKey key, string action, string field, string value)
    {
        var body = new JsonObject { ["kind"] = key.Kind, ["name"] = key.Name };
        if (key.Namespace.Length > 0)
        {
            body["namespace"] = key.Namespace;
        }

        body["action"] = action;
        body[field] = value;
        return body;
    }
}
