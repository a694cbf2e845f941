using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SacOperator.Model;
using SacOperator.Operator.Cli;
using SacOperator.Serialization;
using SacOperator.State;

namespace SacOperator.Operator.Http;

/// <summary>
/// Read side of <c>/api/v1</c>: resources with status in the shape <c>sacop get -o json</c> prints,
/// events and restarts in the shape <c>sacop events -o json</c> prints. Everything is read from
/// the state DB, as the CLI does, so both answer alike.
/// </summary>
public static class ResourceEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 10_000;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/events", (StateStore state, string? resource, string? kind, [FromQuery(Name = "namespace")] string? ns, string? limit) =>
        {
            string? resolved = null;
            if (!string.IsNullOrEmpty(kind) && (resolved = ResourceKinds.Resolve(kind)) is null)
            {
                return UnknownKind(kind, StatusCodes.Status400BadRequest);
            }

            if (!TryLimit(limit, out var count, out var problem))
            {
                return problem;
            }

            var key = string.IsNullOrEmpty(resource) ? (ResourceKey?)null : new ResourceKey(resolved ?? "", ns ?? "", resource);
            var events = state.ListEvents(key, count, resolved);
            return HttpJson.Result(HttpJson.List(events.Select(e => JsonSerializer.SerializeToNode(e, ModelJson.Options))));
        });

        api.MapGet("/agents/{name}/restarts", (StateStore state, string name, [FromQuery(Name = "namespace")] string? ns, string? limit) =>
        {
            if (!TryLimit(limit, out var count, out var problem))
            {
                return problem;
            }

            var key = ResourceKey.Agent(name, ns ?? "");
            if (state.GetResource(key) is null)
            {
                return NotFound(key);
            }

            return HttpJson.Result(HttpJson.List(state.ListRestarts(key, count).Select(r => JsonSerializer.SerializeToNode(r, ModelJson.Options))));
        });

        api.MapGet("/{kind}", (StateStore state, string kind, [FromQuery(Name = "namespace")] string? ns) =>
        {
            if (ResourceKinds.Resolve(kind) is not { } resolved)
            {
                return UnknownKind(kind, StatusCodes.Status404NotFound);
            }

            var rows = state.ListResources(resolved).Where(r => ns is null || r.Key.Namespace == ns);
            return HttpJson.Result(ResourceView.List(rows.Select(ResourceView.ToObject)));
        });

        api.MapGet("/{kind}/{name}", (StateStore state, string kind, string name, [FromQuery(Name = "namespace")] string? ns) =>
        {
            if (ResourceKinds.Resolve(kind) is not { } resolved)
            {
                return UnknownKind(kind, StatusCodes.Status404NotFound);
            }

            var key = new ResourceKey(resolved, ns ?? "", name);
            return state.GetResource(key) is { } row ? HttpJson.Result(ResourceView.ToObject(row)) : NotFound(key);
        });
    }

    public static IResult NotFound(ResourceKey key) =>
        ApiError.Result(StatusCodes.Status404NotFound, $"{key.Kind.ToLowerInvariant()} '{(key.Namespace.Length > 0 ? key.Namespace + "/" : "")}{key.Name}' is not known to the operator");

    private static IResult UnknownKind(string kind, int status) =>
        ApiError.Result(status, $"unknown kind '{kind}'; use agents, images, hosts or accounts");

    private static bool TryLimit(string? text, out int limit, out IResult problem)
    {
        problem = Results.Empty;
        limit = DefaultLimit;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit)
        {
            return true;
        }

        problem = ApiError.Result(StatusCodes.Status400BadRequest, $"limit must be a whole number from 1 to {MaxLimit}, not '{text}'");
        return false;
    }
}
