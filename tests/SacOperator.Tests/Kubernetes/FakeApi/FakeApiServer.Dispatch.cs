using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SacOperator.Kubernetes.Api;

namespace SacOperator.Tests.Kubernetes.FakeApi;

/// <summary>Routing of the stand-in: discovery, OpenAPI, and the REST verbs on collections, objects and /status.</summary>
public sealed partial class FakeApiServer
{
    private async Task DispatchAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? "").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var types = Cluster.Types;
        JsonNode? document = segments switch
        {
            ["version"] => FakeDiscovery.Version(),
            ["api"] => FakeDiscovery.CoreVersions(),
            ["api", "v1"] => FakeDiscovery.CoreResources(),
            ["apis"] => FakeDiscovery.Groups(types),
            ["apis", var g] when types.Any(t => t.Group == g) => FakeDiscovery.Group(g, types.First(t => t.Group == g).Version),
            ["apis", var g, var v] when types.Any(t => t.Group == g && t.Version == v) => FakeDiscovery.Resources($"{g}/{v}", types.Where(t => t.Group == g && t.Version == v)),
            ["openapi", "v3"] => FakeDiscovery.OpenApiRoot(types),
            ["openapi", "v3", "apis", var g, var v] when types.Any(t => t.Group == g && t.Version == v) => FakeDiscovery.OpenApiGroup(types.Where(t => t.Group == g && t.Version == v)),
            _ => null,
        };
        if (document is not null)
        {
            await WriteAsync(context, 200, document).ConfigureAwait(false);
            return;
        }

        if (segments is not ["apis", var group, var version, .. var rest] || rest.Length == 0)
        {
            throw new FakeApiException(404, "NotFound", "the server could not find the requested resource");
        }

        string? ns = null;
        if (rest is ["namespaces", var n, _, ..])
        {
            ns = n;
            rest = rest[2..];
        }

        var type = Cluster.Find(group, version, rest[0]) ?? throw new FakeApiException(404, "NotFound", "the server could not find the requested resource");
        var name = rest.Length > 1 ? rest[1] : null;
        var subresource = rest.Length > 2 ? rest[2] : null;
        if (subresource is not null and not "status" || (subresource is "status" && !type.HasStatus))
        {
            throw new FakeApiException(404, "NotFound", "the server could not find the requested resource");
        }

        Authorize(context.Request, type, ns, name, subresource);

        var handled = (context.Request.Method, name) switch
        {
            ("GET", null) when IsWatch(context.Request) => WatchAsync(context, type, ns),
            ("GET", null) => ListAsync(context, type, ns),
            ("GET", { } item) => GetAsync(context, type, ns ?? "", item),
            ("POST", null) => CreateAsync(context, type, ns ?? ""),
            ("PUT", { } item) => ReplaceAsync(context, type, ns ?? "", item, subresource == "status"),
            ("PATCH", { } item) => PatchAsync(context, type, ns ?? "", item, subresource == "status"),
            ("DELETE", { } item) => WriteAsync(context, 200, Cluster.Delete(type, ns ?? "", item)),
            _ => throw new FakeApiException(405, "MethodNotAllowed", $"{context.Request.Method} is not supported here"),
        };
        await handled.ConfigureAwait(false);
    }

    private void Authorize(HttpRequest request, FakeResourceType type, string? ns, string? name, string? subresource)
    {
        if (_options.Authorize is not { } authorize)
        {
            return;
        }

        var verb = (request.Method, name) switch
        {
            ("GET", null) => IsWatch(request) ? "watch" : "list",
            ("GET", _) => "get",
            ("POST", _) => "create",
            ("PUT", _) => "update",
            ("PATCH", _) => "patch",
            ("DELETE", _) => "delete",
            _ => request.Method.ToLowerInvariant(),
        };
        var resource = subresource is null ? type.Plural : $"{type.Plural}/{subresource}";
        var token = request.Headers.Authorization.FirstOrDefault()?.Replace("Bearer ", "", StringComparison.Ordinal);
        if (!authorize(new FakeAccess(token, verb, type.Group, resource, ns)))
        {
            throw new FakeApiException(403, "Forbidden",
                $"{type.Plural}.{type.Group} \"{name}\" is forbidden: cannot {verb} resource \"{resource}\" in API group \"{type.Group}\"" + (ns is null ? " at the cluster scope" : $" in the namespace \"{ns}\""));
        }
    }

    private static bool IsWatch(HttpRequest request) => request.Query["watch"].FirstOrDefault() is "true" or "1";

    private static string? NameSelector(HttpRequest request) =>
        request.Query["fieldSelector"].FirstOrDefault() is { } selector && selector.StartsWith("metadata.name=", StringComparison.Ordinal)
            ? selector["metadata.name=".Length..]
            : null;

    private Task GetAsync(HttpContext context, FakeResourceType type, string ns, string name)
    {
        var obj = Cluster.Get(type, ns, name);
        return FakeTable.Wanted(context.Request.Headers.Accept.ToString())
            ? WriteAsync(context, 200, FakeTable.Render(type, [obj], Cluster.Revision, _options.Time.GetUtcNow()))
            : WriteAsync(context, 200, obj);
    }

    private Task ListAsync(HttpContext context, FakeResourceType type, string? ns)
    {
        var (items, revision) = Cluster.List(type, ns, NameSelector(context.Request));
        var offset = 0;
        if (context.Request.Query["continue"].FirstOrDefault() is { Length: > 0 } token)
        {
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(token)).Split(':');
            revision = long.Parse(parts[0], CultureInfo.InvariantCulture);
            offset = int.Parse(parts[1], CultureInfo.InvariantCulture);
            if (Cluster.IsCompacted(revision))
            {
                throw FakeApiException.Expired("The provided continue parameter is too old to display a consistent list result.");
            }
        }

        var limit = int.TryParse(context.Request.Query["limit"].FirstOrDefault(), CultureInfo.InvariantCulture, out var l) && l > 0 ? l : int.MaxValue;
        var page = items.Skip(offset).Take(limit).ToList();
        if (FakeTable.Wanted(context.Request.Headers.Accept.ToString()))
        {
            return WriteAsync(context, 200, FakeTable.Render(type, page, revision, _options.Time.GetUtcNow()));
        }

        var metadata = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
        if (offset + page.Count < items.Count)
        {
            metadata["continue"] = Continue(revision, offset + page.Count);
        }

        foreach (var item in page)
        {
            // Like the real server, list items carry no apiVersion and kind of their own.
            item.Remove("apiVersion");
            item.Remove("kind");
        }

        return WriteAsync(context, 200, new JsonObject
        {
            ["apiVersion"] = type.ApiVersion,
            ["kind"] = type.Kind + "List",
            ["metadata"] = metadata,
            ["items"] = new JsonArray([.. page]),
        });
    }

    private async Task CreateAsync(HttpContext context, FakeResourceType type, string ns)
    {
        var warnings = new List<string>();
        var created = Cluster.Create(type, ns, await BodyAsync(context).ConfigureAwait(false), Validation(context.Request), Manager(context.Request), warnings);
        await WriteAsync(context, 201, created, warnings).ConfigureAwait(false);
    }

    private async Task ReplaceAsync(HttpContext context, FakeResourceType type, string ns, string name, bool status)
    {
        var body = await BodyAsync(context).ConfigureAwait(false);
        var warnings = new List<string>();
        var updated = Cluster.Update(type, ns, name, _ => body, status, Validation(context.Request), Manager(context.Request), warnings);
        await WriteAsync(context, 200, updated, warnings).ConfigureAwait(false);
    }

    private async Task PatchAsync(HttpContext context, FakeResourceType type, string ns, string name, bool status)
    {
        var contentType = context.Request.ContentType?.Split(';')[0];
        if (contentType is not (MergePatch.ContentType or "application/apply-patch+yaml"))
        {
            throw new FakeApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {MergePatch.ContentType}, application/apply-patch+yaml");
        }

        var patch = await BodyAsync(context).ConfigureAwait(false);
        var warnings = new List<string>();
        var manager = Manager(context.Request);
        if (contentType == "application/apply-patch+yaml" && Cluster.Peek(type, ns, name) is null)
        {
            // Server-side apply creates what does not exist (simplified: no field ownership tracking).
            var created = Cluster.Create(type, ns, patch, Validation(context.Request), manager, warnings);
            await WriteAsync(context, 201, created, warnings).ConfigureAwait(false);
            return;
        }

        var updated = Cluster.Update(type, ns, name, current => (JsonObject)MergePatch.Apply(current, patch)!, status, Validation(context.Request), manager, warnings);
        await WriteAsync(context, 200, updated, warnings).ConfigureAwait(false);
    }

    private async Task WatchAsync(HttpContext context, FakeResourceType type, string? ns)
    {
        var query = context.Request.Query;
        var watch = Cluster.OpenWatch(type, ns, NameSelector(context.Request), query["resourceVersion"].FirstOrDefault(), query["allowWatchBookmarks"].FirstOrDefault() == "true");
        var timeout = int.TryParse(query["timeoutSeconds"].FirstOrDefault(), CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : Timeout.InfiniteTimeSpan;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync().ConfigureAwait(false);
        using var expiry = new CancellationTokenSource(timeout, _options.Time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, watch.Dropped, expiry.Token);
        try
        {
            await foreach (var line in watch.Lines.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                if (watch.Stalled)
                {
                    continue;
                }

                await context.Response.WriteAsync(line + "\n", stop.Token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (watch.Dropped.IsCancellationRequested)
        {
            context.Abort();
        }
        catch (OperationCanceledException)
        {
            // Timed out (a clean end of the stream) or the client went away.
        }
        finally
        {
            Cluster.CloseWatch(watch);
        }
    }
}
