using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SacOperator.Operator.Hosting;

namespace SacOperator.Operator.Http;

/// <summary>
/// Learns the URL the server actually bound (port 0 picks one) once the host has started, and
/// publishes it in <c>&lt;home&gt;/server.url</c> for scripts and tests; removes the file on a clean
/// stop. Also makes sure the API token exists from the first start on.
/// </summary>
public sealed partial class ServerEndpoint(
    IServer server,
    IHostApplicationLifetime lifetime,
    ApiToken token,
    OperatorOptions options,
    ILogger<ServerEndpoint> logger) : IHostedService
{
    private readonly TaskCompletionSource<Uri> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The bound URL, once the server listens.</summary>
    public Uri? Url => _bound.Task.IsCompletedSuccessfully ? _bound.Task.Result : null;

    /// <summary>Completes with the bound URL when the server listens.</summary>
    public Task<Uri> Bound => _bound.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (token.Created)
        {
            LogTokenCreated(logger, token.Path);
        }

        if (token.Tightened)
        {
            LogTokenTightened(logger, token.Path);
        }

        lifetime.ApplicationStarted.Register(Publish);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Url is { } url && File.Exists(options.ServerUrlPath) && File.ReadAllText(options.ServerUrlPath).Trim() == url.ToString().TrimEnd('/'))
            {
                File.Delete(options.ServerUrlPath);
            }
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    private void Publish()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null || !Uri.TryCreate(address, UriKind.Absolute, out var url))
        {
            _bound.TrySetException(new InvalidOperationException("the HTTP server reported no address"));
            return;
        }

        try
        {
            var temp = options.ServerUrlPath + ".tmp";
            File.WriteAllText(temp, url.ToString().TrimEnd('/') + "\n");
            File.Move(temp, options.ServerUrlPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUrlFileFailed(logger, options.ServerUrlPath, e.Message);
        }

        LogServing(logger, url.ToString().TrimEnd('/'));
        if (!options.Listen.IsLoopback)
        {
            LogRemote(logger, options.Listen.ToString());
        }

        _bound.TrySetResult(url);
    }

    [LoggerMessage(5001, LogLevel.Information, "Serving /healthz, /readyz, /metrics and /api/v1 on {Url}")]
    private static partial void LogServing(ILogger logger, string url);

    [LoggerMessage(5002, LogLevel.Warning, "Listening on {Address}, which is not a loopback address: the API is reachable from other hosts over plain HTTP")]
    private static partial void LogRemote(ILogger logger, string address);

    [LoggerMessage(5005, LogLevel.Warning, "Could not write {Path}: {Problem}")]
    private static partial void LogUrlFileFailed(ILogger logger, string path, string problem);

    [LoggerMessage(5003, LogLevel.Information, "Generated the API token in {Path} (mode 0600)")]
    private static partial void LogTokenCreated(ILogger logger, string path);

    [LoggerMessage(5004, LogLevel.Warning, "{Path} was readable by other users; set it back to mode 0600 (consider generating a new token by deleting it)")]
    private static partial void LogTokenTightened(ILogger logger, string path);
}
