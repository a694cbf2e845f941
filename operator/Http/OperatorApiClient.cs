using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SacOperator.Operator.Http;

/// <summary>
/// Client of <c>/api/v1</c> for the CLI's <c>--server</c>. Error answers become
/// <see cref="OperatorApiException"/> with the server's reason; transport failures stay
/// <see cref="HttpRequestException"/>.
/// </summary>
public sealed class OperatorApiClient : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly string _token;

    /// <param name="timeout">Longest wait for one answer (default <see cref="DefaultTimeout"/>).</param>
    public OperatorApiClient(Uri server, string token, HttpMessageHandler? handler = null, TimeSpan? timeout = null)
    {
        Server = server;
        _token = token;
        _http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true)
        {
            BaseAddress = new Uri(server.ToString().TrimEnd('/') + "/"),
            Timeout = timeout ?? DefaultTimeout,
        };
    }

    public Uri Server { get; }

    /// <summary>Escapes one path segment (a resource name) for a request path.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    public Task<JsonObject> GetAsync(string relative, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, relative, cancellationToken);

    public Task<JsonObject> PostAsync(string relative, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, relative, cancellationToken);

    public Task<JsonObject> PostAsync(string relative, JsonNode body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, relative, cancellationToken, body);

    public void Dispose() => _http.Dispose();

    private async Task<JsonObject> SendAsync(HttpMethod method, string relative, CancellationToken cancellationToken, JsonNode? content = null)
    {
        using var request = new HttpRequestMessage(method, relative.TrimStart('/'));
        if (content is not null)
        {
            request.Content = new StringContent(content.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var body = Parse(text);
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            throw new OperatorApiException(status,
                body?["error"]?.GetValue<string>() ?? response.ReasonPhrase ?? "Error",
                body?["reason"]?.GetValue<string>() ?? (text.Length > 0 ? text : $"HTTP {status}"));
        }

        return body ?? throw new OperatorApiException(status, "BadResponse", $"{Server} answered {relative} with something other than a JSON object");
    }

    private static JsonObject? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
