using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace SacOperator.Tests.TestSupport;

/// <summary>Plain HTTP requests against a running operator, with or without a bearer token; bodies parsed as JSON when they are.</summary>
public sealed class HttpProbe(Uri server) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = server, Timeout = TaskTimeouts.Default };

    public sealed record Answer(HttpStatusCode Status, string Text, HttpResponseHeaders Headers, string? ContentType)
    {
        public JsonObject Json => JsonNode.Parse(Text) as JsonObject ?? throw new FormatException($"not a JSON object: {Text}");

        public override string ToString() => $"{(int)Status} {Text}";
    }

    public Task<Answer> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, token);

    public Task<Answer> PostAsync(string path, string? token = null) => SendAsync(HttpMethod.Post, path, token);

    public async Task<Answer> SendAsync(HttpMethod method, string path, string? token = null, string? scheme = "Bearer")
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null && scheme is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(scheme, token);
        }

        using var response = await _http.SendAsync(request).WithTimeout();
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers, response.Content.Headers.ContentType?.ToString());
    }

    public void Dispose() => _http.Dispose();
}
