using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SacOperator.Operator.Hosting;

namespace SacOperator.Operator.Http;

/// <summary>The HTTP side of <c>sacop run</c>: Kestrel on <see cref="OperatorOptions.Listen"/>, health, metrics and the API.</summary>
public static class OperatorHttp
{
    public static void AddOperatorHttp(this WebApplicationBuilder builder, OperatorOptions options)
    {
        if (!options.Listen.IsLoopback && !options.AllowRemote)
        {
            throw new InvalidOperationException($"listening on {options.Listen} needs AllowRemote: it is not a loopback address");
        }

        var services = builder.Services;
        if (options.Listen.Disabled)
        {
            services.AddSingleton<IServer, DisabledServer>();
            return;
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (options.Listen.Address is { } address)
            {
                kestrel.Listen(address, options.Listen.Port);
            }
            else
            {
                kestrel.ListenLocalhost(options.Listen.Port);
            }
        });
        services.AddSingleton(_ => ApiToken.LoadOrCreate(options.Home));
        services.AddSingleton<ServerEndpoint>();
        services.AddHostedService(sp => sp.GetRequiredService<ServerEndpoint>());
    }

    /// <summary>Error bodies for everything (JSON, also for unmatched routes and methods), authentication, then the endpoints.</summary>
    public static void MapOperatorHttp(this WebApplication app, OperatorOptions options)
    {
        if (options.Listen.Disabled)
        {
            return;
        }

        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context => ApiError.WriteAsync(context, StatusCodes.Status500InternalServerError, "the operator failed to answer; its log has the details"),
        });
        app.UseStatusCodePages(context => ApiError.WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode, StatusReason(context.HttpContext)));
        app.UseMiddleware<BearerAuthentication>(options.MetricsAuth);

        HealthEndpoints.Map(app);
        var api = app.MapGroup("/api/v1");
        ResourceEndpoints.Map(api);
        AgentActionEndpoints.Map(api);
        TurnEndpoints.Map(api);
    }

    private static string StatusReason(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => $"no such endpoint: {context.Request.Path}",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}; allowed: {context.Response.Headers.Allow}",
        StatusCodes.Status400BadRequest => "the request could not be read",
        _ => $"request failed with status {context.Response.StatusCode}",
    };
}
