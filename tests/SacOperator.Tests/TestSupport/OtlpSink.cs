using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SacOperator.Tests.TestSupport;

/// <summary>A loopback OTLP/HTTP receiver: completes <see cref="FirstExport"/> with the first metrics request it gets.</summary>
public sealed class OtlpSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource<(string ContentType, byte[] Body)> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OtlpSink(WebApplication app)
    {
        _app = app;
    }

    public Uri MetricsEndpoint { get; private set; } = null!;

    public Task<(string ContentType, byte[] Body)> FirstExport => _first.Task;

    public static async Task<OtlpSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new OtlpSink(app);
        app.MapPost("/v1/metrics", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            sink._first.TrySetResult((context.Request.ContentType ?? "", body.ToArray()));
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync().WithTimeout();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sink.MetricsEndpoint = new Uri(address.TrimEnd('/') + "/v1/metrics");
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WithTimeout();
        await _app.DisposeAsync();
    }
}
