using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using SacOperator.Kubernetes.Exec;

namespace SacOperator.Kubernetes.Api;

/// <summary>
/// Sends each request with the exec plugin's current credential. A 401 means the server no
/// longer accepts it: the plugin runs again and the request is sent once more with the new
/// credential; a second 401 goes back to the caller as the error it is. A plugin that returns a
/// client certificate gets a new connection pool for it (the old one is closed, as client-go
/// closes its connections on rotation; open watches end and are re-established by their callers).
/// </summary>
/// <param name="transport">Builds the connection pool for a client certificate (null: none).</param>
/// <param name="staticCertificate">The kubeconfig's own client certificate, used when the plugin returns none.</param>
public sealed class ExecCredentialHandler(
    ExecCredentialSource source,
    Func<X509Certificate2?, HttpMessageHandler> transport,
    X509Certificate2? staticCertificate) : HttpMessageHandler
{
    private readonly Lock _lock = new();
    private HttpMessageInvoker? _invoker;
    private X509Certificate2? _invokerCertificate;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            // Kept so that the request can be sent again after a 401.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var credential = await Credential(() => source.GetAsync(cancellationToken)).ConfigureAwait(false);
        var response = await SendWithAsync(credential, request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        var fresh = await Credential(() => source.RefreshAsync(credential, cancellationToken)).ConfigureAwait(false);
        return await SendWithAsync(fresh, await CopyAsync(request, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _invoker?.Dispose();
            source.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>A plugin failure becomes a request failure the callers already handle (retry, back off), with the plugin's message.</summary>
    private static async Task<ExecCredential> Credential(Func<Task<ExecCredential>> get)
    {
        try
        {
            return await get().ConfigureAwait(false);
        }
        catch (ExecCredentialException e)
        {
            throw new HttpRequestException($"no credential for the API server: {e.Message}", e);
        }
    }

    private Task<HttpResponseMessage> SendWithAsync(ExecCredential credential, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (credential.Token is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Invoker(credential.ClientCertificate ?? staticCertificate).SendAsync(request, cancellationToken);
    }

    private HttpMessageInvoker Invoker(X509Certificate2? certificate)
    {
        lock (_lock)
        {
            if (_invoker is null || !ReferenceEquals(certificate, _invokerCertificate))
            {
                _invoker?.Dispose();
                _invoker = new HttpMessageInvoker(transport(certificate), disposeHandler: true);
                _invokerCertificate = certificate;
            }

            return _invoker;
        }
    }

    private static async Task<HttpRequestMessage> CopyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var (name, values) in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        if (request.Content is not null)
        {
            copy.Content = new ByteArrayContent(await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
            foreach (var (name, values) in request.Content.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return copy;
    }
}
