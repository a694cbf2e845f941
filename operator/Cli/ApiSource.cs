using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using SacOperator.Model;
using SacOperator.Operator.Http;
using SacOperator.Serialization;
using SacOperator.State;

namespace SacOperator.Operator.Cli;

/// <summary>
/// A running operator's <c>/api/v1</c> (<c>--server</c>). Resources come back in the shape
/// <see cref="ResourceView.ToObject"/> gives them and are turned back into rows here, so the
/// verbs render them exactly as they render rows from the state DB.
/// </summary>
public sealed class ApiSource(OperatorApiClient client, string tokenFile) : IOperatorSource
{
    public string Location => $"at {client.Server.ToString().TrimEnd('/')}";

    public async Task<IReadOnlyList<ResourceRow>> ListResourcesAsync(string kind, CancellationToken cancellationToken)
    {
        var list = await CallAsync(() => client.GetAsync($"/api/v1/{ResourceKinds.Plural(kind)}", cancellationToken)).ConfigureAwait(false);
        return [.. Items(list).Select(ToRow)];
    }

    public async Task<ResourceRow?> GetResourceAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        try
        {
            return ToRow(await CallAsync(() => client.GetAsync(ResourcePath(key) + Query(key), cancellationToken)).ConfigureAwait(false));
        }
        catch (OperatorApiException e) when (e.StatusCode == 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<EventEntry>> ListEventsAsync(ResourceKey? key, int limit, CancellationToken cancellationToken)
    {
        var query = $"/api/v1/events?limit={limit.ToString(CultureInfo.InvariantCulture)}";
        if (key is { } k)
        {
            query += $"&resource={Uri.EscapeDataString(k.Name)}";
            query += k.Kind.Length > 0 ? $"&kind={Uri.EscapeDataString(k.Kind)}" : "";
            query += k.Namespace.Length > 0 ? $"&namespace={Uri.EscapeDataString(k.Namespace)}" : "";
        }

        var list = await CallAsync(() => client.GetAsync(query, cancellationToken)).ConfigureAwait(false);
        return [.. Items(list).Select(i => i.Deserialize<EventEntry>(ModelJson.Options)!)];
    }

    public async Task<IReadOnlyList<RestartEntry>> ListRestartsAsync(ResourceKey key, int limit, CancellationToken cancellationToken)
    {
        var path = $"{ResourcePath(key)}/restarts{Query(key, $"limit={limit.ToString(CultureInfo.InvariantCulture)}")}";
        var list = await CallAsync(() => client.GetAsync(path, cancellationToken)).ConfigureAwait(false);
        return [.. Items(list).Select(i => i.Deserialize<RestartEntry>(ModelJson.Options)!)];
    }

    public Task RequestRestartAsync(ResourceKey key, bool newSession, CancellationToken cancellationToken) =>
        ActAsync(key, "restart", cancellationToken, newSession ? "newSession=true" : null);

    public async Task<string> ToggleAsync(ResourceKey key, SpecToggle toggle, CancellationToken cancellationToken)
    {
        var answer = await ActAsync(key, toggle.Verb, cancellationToken).ConfigureAwait(false);
        return answer["file"]?.GetValue<string>() ?? "the spec file";
    }

    public void WarnIfStale()
    {
    }

    public void Dispose() => client.Dispose();

    /// <summary>The inverse of <see cref="ResourceView.ToObject"/>.</summary>
    public static ResourceRow ToRow(JsonObject obj)
    {
        var metadata = obj["metadata"] as JsonObject ?? new JsonObject();
        var status = obj["status"];
        var spec = (JsonObject)obj.DeepClone();
        spec.Remove("status");
        return new ResourceRow
        {
            Key = new ResourceKey(obj["kind"]?.GetValue<string>() ?? "", metadata["namespace"]?.GetValue<string>() ?? "", metadata["name"]?.GetValue<string>() ?? ""),
            Source = metadata["annotations"]?["sacoperator.dev/source"]?.GetValue<string>(),
            Generation = metadata["generation"]?.GetValue<long>() ?? 0,
            CreatedAt = metadata["creationTimestamp"]?.GetValue<string>() is { } created ? StateStore.ParseIso(created) : default,
            ObjectJson = spec.ToJsonString(),
            StatusJson = status?.ToJsonString(),
        };
    }

    private async Task<JsonObject> ActAsync(ResourceKey key, string action, CancellationToken cancellationToken, string? query = null)
    {
        try
        {
            return await CallAsync(() => client.PostAsync($"{ResourcePath(key)}/{action}{Query(key, query)}", cancellationToken)).ConfigureAwait(false);
        }
        catch (OperatorApiException e) when (e.StatusCode == 404)
        {
            throw new CliError($"agent '{key.Name}' is not known to the operator {Location}");
        }
        catch (OperatorApiException e) when (e.StatusCode == 409)
        {
            throw new CliError(e.Reason);
        }
    }

    private async Task<JsonObject> CallAsync(Func<Task<JsonObject>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (OperatorApiException e) when (e.StatusCode is 401 or 403)
        {
            throw new CliError($"the operator {Location} refused the token from {tokenFile}: {e.Reason}");
        }
        catch (OperatorApiException e) when (e.StatusCode is not (404 or 409))
        {
            throw new CliError($"the operator {Location} answered {e.StatusCode} {e.Error}: {e.Reason}");
        }
        catch (HttpRequestException e)
        {
            throw new CliError($"cannot reach the operator {Location}: {(e.InnerException is SocketException s ? s.Message : e.Message)}");
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            throw new CliError($"the operator {Location} did not answer within {OperatorApiClient.DefaultTimeout.TotalSeconds:0}s");
        }
    }

    private static string ResourcePath(ResourceKey key) =>
        $"/api/v1/{ResourceKinds.Plural(key.Kind)}/{OperatorApiClient.Segment(key.Name)}";

    /// <summary>The query string: the key's namespace (when it has one) and <paramref name="more"/>.</summary>
    private static string Query(ResourceKey key, string? more = null)
    {
        var parts = new List<string>();
        if (key.Namespace.Length > 0)
        {
            parts.Add($"namespace={Uri.EscapeDataString(key.Namespace)}");
        }

        if (more is not null)
        {
            parts.Add(more);
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static IEnumerable<JsonObject> Items(JsonObject list) =>
        (list["items"] as JsonArray ?? []).OfType<JsonObject>();
}
