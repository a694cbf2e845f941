using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SacOperator.Kubernetes.Config;

namespace SacOperator.Kubernetes.Api;

/// <summary>
/// <see cref="IKubernetesApi"/> over HttpClient and System.Text.Json. The HttpClient has no
/// overall timeout (its 100 s default would silently cut every watch); ordinary requests get
/// a request timeout (30 s) each, and a watch's lifetime is bounded server-side by its
/// <c>timeoutSeconds</c> and client-side by the caller's silence detection.
/// </summary>
public sealed partial class KubernetesApi : IKubernetesApi, IDisposable
{
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly string _server;
    private readonly TimeProvider _time;
    private readonly KubernetesMetrics _metrics;
    private readonly ILogger<KubernetesApi> _logger;
    private readonly TimeSpan _requestTimeout;

    public KubernetesApi(
        KubernetesConnection connection,
        TimeProvider time,
        KubernetesMetrics metrics,
        ILogger<KubernetesApi> logger,
        HttpMessageHandler? handler = null,
        TimeSpan? requestTimeout = null)
    {
        _requestTimeout = requestTimeout ?? DefaultRequestTimeout;
        _http = new HttpClient(handler ?? KubernetesHttp.CreateHandler(connection, time)) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("sacop", typeof(KubernetesApi).Assembly.GetName().Version?.ToString(3) ?? "0"));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _server = connection.Server.AbsoluteUri.TrimEnd('/');
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    public async Task<ObjectList> ListAsync(ApiResource resource, string? @namespace, ListOptions? options, CancellationToken cancellationToken)
    {
        options ??= new ListOptions();
        var items = new List<JsonObject>();
        string? token = null;
        while (true)
        {
            var query = Query(
                ("limit", options.PageSize.ToString(CultureInfo.InvariantCulture)),
                ("continue", token),
                ("fieldSelector", options.FieldSelector),
                ("labelSelector", options.LabelSelector));
            var page = (await SendAsync(HttpMethod.Get, "LIST", resource.CollectionPath(@namespace) + query, null, null, cancellationToken).ConfigureAwait(false))!;
            if (page["items"] is JsonArray array)
            {
                items.AddRange(array.OfType<JsonObject>().Select(item => WithTypeMeta(item, resource)));
            }

            token = page["metadata"]?["continue"]?.GetValue<string>();
            if (string.IsNullOrEmpty(token))
            {
                return new ObjectList(items, page["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "");
            }
        }
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        ApiResource resource, string? @namespace, WatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = resource.CollectionPath(@namespace) + Query(
            ("watch", "true"),
            ("resourceVersion", options.ResourceVersion),
            ("allowWatchBookmarks", options.AllowBookmarks ? "true" : null),
            ("timeoutSeconds", options.Timeout is { } timeout ? ((long)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture) : null),
            ("fieldSelector", options.FieldSelector),
            ("labelSelector", options.LabelSelector));
        using var request = new HttpRequestMessage(HttpMethod.Get, _server + path);
        using var response = await SendRawAsync(request, "WATCH", path, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (Parse(line, resource) is { } watchEvent)
            {
                _metrics.WatchEvents.Add(1, new("resource", resource.Plural), new("type", watchEvent.Type));
                yield return watchEvent;
            }
        }
    }

    public async Task<JsonObject?> GetAsync(ApiResource resource, string? @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            return WithTypeMeta((await SendAsync(HttpMethod.Get, "GET", resource.ItemPath(@namespace, name), null, null, cancellationToken).ConfigureAwait(false))!, resource);
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    public async Task<JsonObject> CreateAsync(ApiResource resource, string? @namespace, JsonObject body, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, "POST", resource.CollectionPath(@namespace), body, "application/json", cancellationToken).ConfigureAwait(false))!;

    public async Task<JsonObject> ReplaceAsync(ApiResource resource, string? @namespace, string name, JsonObject body, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Put, "PUT", resource.ItemPath(@namespace, name), body, "application/json", cancellationToken).ConfigureAwait(false))!;

    public async Task<JsonObject> PatchAsync(ApiResource resource, string? @namespace, string name, JsonObject patch, string? subresource, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Patch, "PATCH", resource.ItemPath(@namespace, name, subresource), patch, MergePatch.ContentType, cancellationToken).ConfigureAwait(false))!;

    public async Task DeleteAsync(ApiResource resource, string? @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(HttpMethod.Delete, "DELETE", resource.ItemPath(@namespace, name), null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonObject?> SendAsync(HttpMethod method, string verb, string path, JsonObject? body, string? contentType, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_requestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(method, _server + path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType!);
        }

        try
        {
            using var response = await SendRawAsync(request, verb, path, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            return text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{verb} {path}: no answer within {_requestTimeout.TotalSeconds:0.#}s");
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, string verb, string path, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            _metrics.Requests.Add(1, new("verb", verb), new("code", "error"));
            throw;
        }

        _metrics.Requests.Add(1, new("verb", verb), new("code", ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)));
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var status = await StatusOf(response, cancellationToken).ConfigureAwait(false);
            throw new KubernetesApiException(verb, path, status);
        }
    }

    private static async Task<ApiStatus> StatusOf(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (JsonNode.Parse(text) is JsonObject node && ApiStatus.IsStatus(node))
            {
                var status = ApiStatus.From(node);
                return status.Code == 0 ? status with { Code = (int)response.StatusCode } : status;
            }
        }
        catch (JsonException)
        {
        }

        return new ApiStatus
        {
            Code = (int)response.StatusCode,
            Reason = response.StatusCode == HttpStatusCode.Gone ? "Expired" : response.ReasonPhrase ?? "",
            Message = text.Length > 300 ? text[..300] + "…" : text,
        };
    }

    private WatchEvent? Parse(string line, ApiResource resource)
    {
        try
        {
            if (JsonNode.Parse(line) is JsonObject node
                && node["type"] is JsonValue typeValue && typeValue.TryGetValue<string>(out var type)
                && node["object"] is JsonObject obj)
            {
                return new WatchEvent(type, type == WatchEventTypes.Error ? obj : WithTypeMeta(obj, resource));
            }

            LogMalformed(_logger, resource.Plural, line.Length, "not a {type, object} event");
        }
        catch (JsonException e)
        {
            // Log the size and the parser's complaint, never the line: it may hold anything.
            LogMalformed(_logger, resource.Plural, line.Length, e.Message);
        }

        _metrics.MalformedLines.Add(1, new KeyValuePair<string, object?>("resource", resource.Plural));
        return null;
    }

    /// <summary>
    /// List items come without apiVersion and kind; the model reader needs both. They are put
    /// first, where the server puts them in single objects, so an object reads the same (and its
    /// diagnostics point at the same lines) whether it came from a list or a watch.
    /// </summary>
    private static JsonObject WithTypeMeta(JsonObject item, ApiResource resource)
    {
        if (item.ContainsKey("apiVersion") && item.ContainsKey("kind"))
        {
            return item;
        }

        var typed = new JsonObject
        {
            ["apiVersion"] = item["apiVersion"]?.DeepClone() ?? resource.ApiVersion,
            ["kind"] = item["kind"]?.DeepClone() ?? resource.Kind,
        };
        foreach (var (key, value) in item.ToList())
        {
            item.Remove(key);
            if (key is not ("apiVersion" or "kind"))
            {
                typed[key] = value;
            }
        }

        return typed;
    }

    private static string Query(params (string Key, string? Value)[] parameters)
    {
        var present = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).ToList();
        return present.Count == 0
            ? ""
            : "?" + string.Join('&', present.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));
    }

    [LoggerMessage(6001, LogLevel.Warning, "Skipped a malformed line ({Bytes} bytes) in the {Resource} watch: {Problem}")]
    private static partial void LogMalformed(ILogger logger, string resource, int bytes, string problem);
}
