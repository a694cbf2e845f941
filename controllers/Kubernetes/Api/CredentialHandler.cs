using System.Net.Http.Headers;
using System.Text;
using SacOperator.Kubernetes.Config;

namespace SacOperator.Kubernetes.Api;

/// <summary>
/// Adds the bearer token (or basic auth) to every request. A token file is re-read at most once a
/// minute, as client-go does, so projected service-account tokens that the kubelet rotates keep
/// working without a restart.
/// </summary>
public sealed class CredentialHandler(ClientCredentials credentials, TimeProvider time, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public static readonly TimeSpan TokenFileRefresh = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private string? _fileToken;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Token() is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (credentials.Username is { } user)
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{credentials.Password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        return base.SendAsync(request, cancellationToken);
    }

    private string? Token()
    {
        if (credentials.Token is { } token)
        {
            return token;
        }

        if (credentials.TokenFile is not { } file)
        {
            return null;
        }

        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_fileToken is null || now - _readAt >= TokenFileRefresh)
            {
                try
                {
                    _fileToken = File.ReadAllText(file).Trim();
                    _readAt = now;
                }
                catch (IOException) when (_fileToken is not null)
                {
                    // Mid-rotation the file can be briefly missing: keep the token we have.
                }
            }

            return _fileToken;
        }
    }
}
