using System.Text.Json.Nodes;

namespace SacOperator.Kubernetes.Api;

/// <summary>
/// The few API operations SacOperator needs, on unstructured JSON objects. Kept small and behind an
/// interface so a full client library can replace the hand-written one. Failures the server
/// reports throw <see cref="KubernetesApiException"/>; transport failures throw
/// <see cref="HttpRequestException"/> or <see cref="IOException"/>.
/// </summary>
public interface IKubernetesApi
{
    /// <summary>Lists every object (all pages), across all namespaces when <paramref name="namespace"/> is null.</summary>
    Task<ObjectList> ListAsync(ApiResource resource, string? @namespace, ListOptions? options, CancellationToken cancellationToken);

    /// <summary>
    /// Streams events until the server ends the watch (the sequence completes), the connection
    /// breaks (it throws) or <paramref name="cancellationToken"/> fires. Malformed lines are
    /// skipped, logged and counted; the stream goes on.
    /// </summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(ApiResource resource, string? @namespace, WatchOptions options, CancellationToken cancellationToken);

    /// <summary>The object, or null when it does not exist.</summary>
    Task<JsonObject?> GetAsync(ApiResource resource, string? @namespace, string name, CancellationToken cancellationToken);

    Task<JsonObject> CreateAsync(ApiResource resource, string? @namespace, JsonObject body, CancellationToken cancellationToken);

    /// <summary>PUT: fails with 409 when <c>metadata.resourceVersion</c> in <paramref name="body"/> is stale.</summary>
    Task<JsonObject> ReplaceAsync(ApiResource resource, string? @namespace, string name, JsonObject body, CancellationToken cancellationToken);

    /// <summary>JSON merge patch of the object or of a <paramref name="subresource"/> such as <c>status</c>.</summary>
    Task<JsonObject> PatchAsync(ApiResource resource, string? @namespace, string name, JsonObject patch, string? subresource, CancellationToken cancellationToken);

    Task DeleteAsync(ApiResource resource, string? @namespace, string name, CancellationToken cancellationToken);
}
